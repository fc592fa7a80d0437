import { InvoiceVatAtRate } from '@pt/contracts';
import { vatOn } from '../plans/pricing';

export interface Amounts {
  netPence: number;
  vatPence: number;
}

export type CreditOutcome =
  | { ok: true; netPence: number; vatPence: number; grossPence: number; vatRateBasisPoints: number }
  | { ok: false; problem: 'nothing_left' | 'exceeds' | 'several_rates' };

/**
 * What a credit note for `askedNet` (everything left when absent) comes to on an invoice
 * whose totals are `invoice` and of which `credited` has been credited already. Never more
 * than is left, net or VAT: crediting all that is left takes exactly the VAT left (so a
 * series of partial credits never credits a penny of VAT more than was charged), and a part
 * takes VAT at the invoice's rate on its net, rounded like the invoice's. An invoice with
 * several VAT rates is credited whole only.
 */
export function creditFor(
  invoice: { vat: readonly InvoiceVatAtRate[] } & Amounts,
  credited: Amounts,
  askedNet?: number,
): CreditOutcome {
  const leftNet = invoice.netPence - credited.netPence;
  const leftVat = invoice.vatPence - credited.vatPence;
  if (leftNet <= 0 && leftVat <= 0) return { ok: false, problem: 'nothing_left' };
  const rate = invoice.vat.length === 1 ? invoice.vat[0].vatRateBasisPoints : null;
  if (askedNet === undefined || askedNet === leftNet) {
    return {
      ok: true,
      netPence: leftNet,
      vatPence: leftVat,
      grossPence: leftNet + leftVat,
      vatRateBasisPoints: rate ?? 0,
    };
  }
  if (rate === null) return { ok: false, problem: 'several_rates' };
  if (askedNet > leftNet) return { ok: false, problem: 'exceeds' };
  const vatPence = Math.min(vatOn(askedNet, rate), leftVat);
  return { ok: true, netPence: askedNet, vatPence, grossPence: askedNet + vatPence, vatRateBasisPoints: rate };
}

/**
 * How a credit of `grossPence` settles against an invoice that still owes `amountDuePence`:
 * first it reduces what is owed (Stripe's pre-payment part); the rest was paid already and
 * is owed back to the school.
 */
export function settle(
  grossPence: number,
  amountDuePence: number,
): { appliedToInvoicePence: number; owedToSchoolPence: number } {
  const applied = Math.min(grossPence, Math.max(amountDuePence, 0));
  return { appliedToInvoicePence: applied, owedToSchoolPence: grossPence - applied };
}
