import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/**
 * Payments received from a school (bank transfer, or a card payment's reference), allocated
 * to its invoices when recorded: to the invoice named, or else to its outstanding invoices
 * oldest due first. What is left over is the school's account credit (`unallocatedPence`).
 * An invoice with something paid is partly_paid until nothing is due, then paid.
 */
export type PaymentMethod = 'bank_transfer' | 'card';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['bank_transfer', 'card'];

export interface RecordPaymentRequest {
  schoolId: string;
  method: PaymentMethod;
  /** The bank reference or the card payment's reference (never a card number). */
  reference: string;
  amountPence: number;
  /** The day the money arrived (YYYY-MM-DD). */
  receivedOn: string;
  /** Allocate to this invoice only; oldest due first across the school's outstanding invoices when absent. */
  invoiceId?: string;
}

export interface PaymentAllocationView {
  invoiceId: string;
  invoiceNumber: string;
  amountPence: number;
}

export interface PaymentView {
  id: string;
  schoolId: string;
  method: PaymentMethod;
  reference: string;
  amountPence: number;
  receivedOn: string;
  allocations: PaymentAllocationView[];
  /** Not allocated to any invoice: the school's account credit. */
  unallocatedPence: number;
  createdAt: string;
}

export const RECORD_PAYMENT = definePattern<RecordPaymentRequest, PaymentView>('billing.payment.record');
export const LIST_PAYMENTS = definePattern<{ schoolId: string }, { items: PaymentView[] }>('billing.payment.list');

export const PAYMENT_RECORDED = defineEvent<{ paymentId: string }>('evt.billing.payment.recorded');

/**
 * Money paid back to a school out of its account credit: what a credit note left owed to the
 * school (`owedToSchoolPence`, the part of the credit the invoice had already been paid), and
 * what overpayments left unallocated. Never more than the credit note has left (when one is
 * named), than was paid on its invoice, or than the account credit holds.
 */
export interface RecordRefundRequest {
  schoolId: string;
  /** Refund what this credit note left owed to the school; from the account credit as a whole when absent. */
  creditNoteId?: string;
  method: PaymentMethod;
  /** The bank or card processor's reference for the money sent back. */
  reference: string;
  amountPence: number;
  /** The day the money was sent (YYYY-MM-DD). */
  refundedOn: string;
}

export interface RefundView {
  id: string;
  schoolId: string;
  creditNoteId: string | null;
  creditNoteNumber: string | null;
  method: PaymentMethod;
  reference: string;
  amountPence: number;
  refundedOn: string;
  createdAt: string;
}

/**
 * Account credit used to pay another invoice instead of being refunded: from the credit note
 * named (never more than it has left), or the account credit as a whole; never more than the
 * invoice owes. Left alone, credit stays on the account.
 */
export interface ApplyCreditRequest {
  schoolId: string;
  invoiceId: string;
  creditNoteId?: string;
  amountPence: number;
}

export interface CreditApplicationView {
  id: string;
  schoolId: string;
  invoiceId: string;
  invoiceNumber: string;
  creditNoteId: string | null;
  creditNoteNumber: string | null;
  amountPence: number;
  /** What the invoice still owes after it. */
  invoiceAmountDuePence: number;
  createdAt: string;
}

export const REFUND_RECORDED = defineEvent<{ refundId: string }>('evt.billing.refund.recorded');
export const CREDIT_APPLIED = defineEvent<{ creditApplicationId: string; invoiceId: string }>(
  'evt.billing.credit.applied',
);

/**
 * Aged debt: what each school owes on its issued invoices (gross − credited − paid), by how
 * many days past its due date it is on the report's day: current (not yet due), 1–30, 31–60,
 * 61–90, over 90. Amounts are as they stand when the report is made; invoices issued after
 * the day are left out.
 */
export interface AgedDebtBuckets {
  currentPence: number;
  days1To30Pence: number;
  days31To60Pence: number;
  days61To90Pence: number;
  over90DaysPence: number;
  totalPence: number;
}

export interface AgedDebtRow extends AgedDebtBuckets {
  schoolId: string;
  /** The legal entity billed, as on its latest invoice. */
  customerName: string;
}

export interface AgedDebtReport {
  on: string;
  schools: AgedDebtRow[];
  totals: AgedDebtBuckets;
}

export const AGED_DEBT_REPORT = definePattern<{ on?: string }, AgedDebtReport>('billing.aged-debt.report');

/**
 * A school's statement of account for a period: the balance brought forward, every invoice
 * (+), grace charge (+, P26: owed from the day of the access it charges for), credit note (−)
 * payment (−) and refund (+, money paid back out of account credit) dated in the period with the running balance after
 * each, the balance carried forward (negative: the school is in credit), and its debt aged
 * on the last day. Void invoices and drafts are left out.
 */
export interface StatementLine {
  date: string;
  kind: 'invoice' | 'grace_charge' | 'credit_note' | 'payment' | 'refund';
  /** The invoice or credit note number, the grace charge's id, or the payment's or refund's reference. */
  reference: string;
  /** Positive: owed by the school; negative: credited or paid. */
  amountPence: number;
  balancePence: number;
}

export interface StatementView {
  schoolId: string;
  from: string;
  to: string;
  openingBalancePence: number;
  lines: StatementLine[];
  closingBalancePence: number;
  ageing: AgedDebtBuckets;
}

export interface StatementRequest {
  schoolId: string;
  /** First day (YYYY-MM-DD); from the beginning when absent. */
  from?: string;
  /** Last day (YYYY-MM-DD); today when absent. */
  to?: string;
}

export const GET_STATEMENT = definePattern<StatementRequest, StatementView>('billing.statement.get');
