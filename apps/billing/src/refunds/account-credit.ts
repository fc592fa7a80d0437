/**
 * What a refund or a use of account credit may take. A school's account credit is what its
 * payments left unallocated plus what its credit notes left owed to it, less what was
 * refunded or used; a credit note's own part is what it left owed less what was refunded or
 * used of it. A credit note's part is never more than was paid on its invoice (a credit
 * first reduces what is owed), and refunds of it are held to that paid amount too.
 */
export interface CreditLimits {
  /** Account credit left, across payments and credit notes. */
  accountPence: number;
  /** Left of the credit note named, with what was paid on its invoice less what its credit notes had refunded. */
  creditNote?: { leftPence: number; invoicePaidLeftPence: number };
}

export type CreditUse =
  | { ok: true }
  | {
      ok: false;
      field: 'amountPence';
      code: 'refund.exceeds_credit' | 'refund.exceeds_paid' | 'credit.exceeds_amount_due';
      limitPence: number;
    };

/** Whether `amountPence` may be refunded. */
export function checkRefund(amountPence: number, limits: CreditLimits): CreditUse {
  if (limits.creditNote && amountPence > limits.creditNote.invoicePaidLeftPence) {
    return {
      ok: false,
      field: 'amountPence',
      code: 'refund.exceeds_paid',
      limitPence: limits.creditNote.invoicePaidLeftPence,
    };
  }
  return withinCredit(amountPence, limits);
}

/** Whether `amountPence` of credit may be used on an invoice that owes `amountDuePence`. */
export function checkApplication(amountPence: number, amountDuePence: number, limits: CreditLimits): CreditUse {
  const within = withinCredit(amountPence, limits);
  if (!within.ok) return within;
  if (amountPence > amountDuePence) {
    return { ok: false, field: 'amountPence', code: 'credit.exceeds_amount_due', limitPence: amountDuePence };
  }
  return within;
}

function withinCredit(amountPence: number, limits: CreditLimits): CreditUse {
  const limit = Math.min(limits.accountPence, limits.creditNote?.leftPence ?? Number.POSITIVE_INFINITY);
  if (amountPence > limit) {
    return { ok: false, field: 'amountPence', code: 'refund.exceeds_credit', limitPence: Math.max(0, limit) };
  }
  return { ok: true };
}
