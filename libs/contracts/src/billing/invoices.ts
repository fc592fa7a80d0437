import { defineEvent } from '../events';
import { definePattern } from '../pattern';
import { LegalEntityAddress, LegalEntityKind } from './subscriptions';

/**
 * Invoices for a school's subscription, one per term year (the period), addressed to the
 * legal entity billed. A draft has no number; issuing gives it the next number of the
 * school's invoice series in the same transaction (a locked counter row, never a database
 * sequence), so a school's numbers run 1, 2, 3… without a gap whatever fails or runs at
 * once. The number printed is `INV-<account>-<number>`, the account being the school's
 * billing account number, so every invoice of the platform (the supplier) is uniquely
 * identified (VAT Regulations 1995 reg. 14(1)(a): "one or more series").
 *
 * Every figure is a snapshot taken when the draft is made, in integer pence: later price
 * versions, plan changes or a new roll never alter an invoice.
 *
 * States: draft → issued → partly_paid → paid, or void (only while nothing is paid or
 * credited). A void invoice keeps its number (a spoilt invoice is kept for HMRC).
 */
export type InvoiceStatus = 'draft' | 'issued' | 'partly_paid' | 'paid' | 'void';

/** The supplier (the platform), from billing's configuration. */
export interface InvoiceSupplier {
  name: string;
  /** Address lines, in order. */
  address: string[];
  /** UK VAT registration number, e.g. GB123456789. */
  vatNumber: string;
}

/** The customer: the academy trust, or the local-authority maintained school. */
export interface InvoiceCustomer {
  kind: LegalEntityKind;
  name: string;
  address: LegalEntityAddress;
  companyNumber?: string;
  /** The school's billing account number. */
  accountNumber: number;
}

export interface InvoiceLine {
  description: string;
  /** Quantity or extent: 1 (base fee) or the pupils on roll. */
  quantity: number;
  /** The yearly unit price excluding VAT, in pence. */
  unitPricePence: number;
  vatRateBasisPoints: number;
  /**
   * The line's amount excluding VAT, in pence: quantity × unit price, or for a period short
   * of a whole year that × days / yearDays, rounded to the nearest penny.
   */
  netPence: number;
  /** The days charged and the year's length they count against (365 or 366). */
  days: number;
  yearDays: number;
}

/** VAT per rate: worked out on the total net at each rate, rounded to the nearest penny (half up). */
export interface InvoiceVatAtRate {
  vatRateBasisPoints: number;
  netPence: number;
  vatPence: number;
}

/** Everything printed on the invoice, fixed when the draft is made. */
export interface InvoiceSnapshot {
  supplier: InvoiceSupplier;
  customer: InvoiceCustomer;
  purchaseOrderNumber: string | null;
  plan: { id: string; code: string; name: string };
  priceVersion: { id: string; effectiveFrom: string };
  pupils: number;
  /** The term year invoiced, both days included. */
  period: { from: string; to: string };
  lines: InvoiceLine[];
  vat: InvoiceVatAtRate[];
  netPence: number;
  vatPence: number;
  grossPence: number;
  /** Days from issue to due date. */
  paymentTermsDays: number;
}

export interface InvoiceView extends InvoiceSnapshot {
  id: string;
  schoolId: string;
  subscriptionId: string;
  status: InvoiceStatus;
  /** Null while a draft. */
  number: string | null;
  /** The number within the school's series (1, 2, 3…); null while a draft. */
  sequenceNumber: number | null;
  /** Date of issue; the tax point is the same day (services invoiced in advance: the invoice fixes the time of supply). */
  issuedOn: string | null;
  taxPoint: string | null;
  dueOn: string | null;
  creditedPence: number;
  paidPence: number;
  /** grossPence − creditedPence − paidPence. */
  amountDuePence: number;
  voidReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateInvoiceDraftRequest {
  schoolId: string;
  /** A day of the term year to invoice (YYYY-MM-DD); the subscription's first term year when absent. */
  periodOn?: string;
}

export interface InvoiceRef {
  schoolId: string;
  invoiceId: string;
}

export interface VoidInvoiceRequest extends InvoiceRef {
  reason: string;
}

export interface ListInvoicesRequest {
  schoolId: string;
  status?: InvoiceStatus;
}

export interface InvoicePdf {
  fileName: string;
  contentType: 'application/pdf';
  contentBase64: string;
}

export interface InvoiceRunRequest {
  /** The run's day (YYYY-MM-DD): every subscription's term year containing it is invoiced. Today when absent. */
  on?: string;
}

export interface InvoiceRunView {
  on: string;
  /** Subscriptions whose term year containing the day was invoiced by this run. */
  invoiced: number;
  /** Already invoiced (by an earlier or concurrent run, or by hand): left alone. */
  alreadyInvoiced: number;
  /** Could not be priced (no price in force on the period's first day); nothing written for them. */
  failed: { schoolId: string; code: string }[];
}

export const CREATE_INVOICE_DRAFT = definePattern<CreateInvoiceDraftRequest, InvoiceView>('billing.invoice.create');
export const ISSUE_INVOICE = definePattern<InvoiceRef, InvoiceView>('billing.invoice.issue');
export const VOID_INVOICE = definePattern<VoidInvoiceRequest, InvoiceView>('billing.invoice.void');
export const DELETE_INVOICE_DRAFT = definePattern<InvoiceRef, { deleted: true }>('billing.invoice.delete');
export const GET_INVOICE = definePattern<InvoiceRef, InvoiceView>('billing.invoice.get');
export const LIST_INVOICES = definePattern<ListInvoicesRequest, { items: InvoiceView[] }>('billing.invoice.list');
/** The invoice as a PDF, rendered from the same view GET_INVOICE answers with. */
export const GET_INVOICE_PDF = definePattern<InvoiceRef, InvoicePdf>('billing.invoice.pdf');
/**
 * The annual invoice run now (it also runs every BILLING_INVOICE_RUN_INTERVAL_HOURS): every
 * subscription's term year holding the day is invoiced and issued, once however often the
 * run is repeated or restarted (a unique key per subscription and term year).
 */
export const RUN_ANNUAL_INVOICES = definePattern<InvoiceRunRequest, InvoiceRunView>('billing.invoice-run.run');

export const INVOICE_ISSUED = defineEvent<{ invoiceId: string }>('evt.billing.invoice.issued');
export const INVOICE_VOIDED = defineEvent<{ invoiceId: string }>('evt.billing.invoice.voided');

/**
 * A credit note: its own series per school (`CN-<account>-<number>`, numbered like an
 * invoice, at issue, from a locked counter row), referencing the invoice it credits. It never
 * takes an invoice's credited total above what was invoiced; the part of it the invoice still
 * owed reduces the amount due, and any part already paid is owed back to the school (as a
 * refund or account credit, never more than was paid).
 */
export type CreditNoteReason =
  | 'duplicated_charge'
  | 'order_change'
  | 'order_cancellation'
  | 'product_unsatisfactory'
  | 'other';

export const CREDIT_NOTE_REASONS: readonly CreditNoteReason[] = [
  'duplicated_charge',
  'order_change',
  'order_cancellation',
  'product_unsatisfactory',
  'other',
];

export interface CreditNoteLine {
  description: string;
  vatRateBasisPoints: number;
  netPence: number;
}

export interface CreditNoteSnapshot {
  supplier: InvoiceSupplier;
  customer: InvoiceCustomer;
  invoice: { id: string; number: string; issuedOn: string };
  reason: CreditNoteReason;
  lines: CreditNoteLine[];
  vat: InvoiceVatAtRate[];
  netPence: number;
  vatPence: number;
  grossPence: number;
}

export interface CreditNoteView extends CreditNoteSnapshot {
  id: string;
  schoolId: string;
  invoiceId: string;
  number: string;
  sequenceNumber: number;
  /** Date of issue; also the credit note's tax point. */
  issuedOn: string;
  /** The part that reduced what the invoice still owed. */
  appliedToInvoicePence: number;
  /** The part of what had been paid that is owed back to the school. */
  owedToSchoolPence: number;
  createdAt: string;
}

export interface CreateCreditNoteRequest {
  schoolId: string;
  invoiceId: string;
  reason: CreditNoteReason;
  /** What is credited, in the customer's words; the invoice's first line's when absent. */
  description?: string;
  /** The net amount credited, in pence; everything not yet credited when absent (a full credit). */
  netPence?: number;
}

export interface CreditNoteRef {
  schoolId: string;
  creditNoteId: string;
}

export const CREATE_CREDIT_NOTE = definePattern<CreateCreditNoteRequest, CreditNoteView>('billing.credit-note.create');
export const GET_CREDIT_NOTE = definePattern<CreditNoteRef, CreditNoteView>('billing.credit-note.get');
export const LIST_CREDIT_NOTES = definePattern<{ schoolId: string; invoiceId?: string }, { items: CreditNoteView[] }>(
  'billing.credit-note.list',
);

export const CREDIT_NOTE_ISSUED = defineEvent<{ creditNoteId: string; invoiceId: string }>(
  'evt.billing.credit-note.issued',
);

/** The credit note as a PDF, rendered from the same view GET_CREDIT_NOTE answers with. */
export const GET_CREDIT_NOTE_PDF = definePattern<CreditNoteRef, InvoicePdf>('billing.credit-note.pdf');
