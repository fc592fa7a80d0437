import { definePattern } from '../pattern';
import { CreditNoteView, InvoiceView } from './invoices';
import { GraceChargeView } from './lifecycle';
import {
  ApplyCreditRequest,
  CreditApplicationView,
  PaymentView,
  RecordPaymentRequest,
  RecordRefundRequest,
  RefundView,
} from './payments';
import { SubscriptionView } from './subscriptions';

/**
 * The finance API's lists (P28): every school's records for a finance system to sync, in
 * the order they last changed (updatedAt, then id), so a system that remembers the last
 * page's cursor, or the time of its last sync as `updatedSince`, sees every change once.
 */
export interface FinancePageRequest {
  /** 1-200; 50 when absent. */
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
  /** Only records changed at or after this instant (ISO 8601). */
  updatedSince?: string;
}

export interface FinanceInvoicePage {
  items: InvoiceView[];
  nextCursor: string | null;
}

/** Issued, paid and void invoices of every school (drafts are no documents yet). Scope invoices:read. */
export const FINANCE_LIST_INVOICES = definePattern<FinancePageRequest, FinanceInvoicePage>(
  'billing.finance-invoice.list',
);

export interface FinanceCreditNotePage {
  items: CreditNoteView[];
  nextCursor: string | null;
}

export interface FinancePaymentPage {
  items: PaymentView[];
  nextCursor: string | null;
}

/**
 * A subscription as the finance API lists it: without the annual price figures the school's
 * own view quotes (a price lookup per subscription); the invoices carry every figure billed.
 * The billing contact's email (personal data) only to a key that may record payments and
 * refunds for the school (`payments:write`), the systems that deal with that person; a key
 * that only reads does without it.
 */
export type FinanceSubscriptionView = Omit<SubscriptionView, 'annual' | 'billingContactEmail'> & {
  billingContactEmail?: string;
};

/** The scope that lets a finance key see a subscription's billing contact. */
export const BILLING_CONTACT_SCOPE = 'payments:write';

export interface FinanceSubscriptionPage {
  items: FinanceSubscriptionView[];
  nextCursor: string | null;
}

export interface FinanceGraceChargePage {
  items: GraceChargeView[];
  nextCursor: string | null;
}

/** Every school's credit notes, in the order they were issued (a credit note never changes). Scope invoices:read. */
export const FINANCE_LIST_CREDIT_NOTES = definePattern<FinancePageRequest, FinanceCreditNotePage>(
  'billing.finance-credit-note.list',
);
/** Every school's payments with their allocations, in the order they were recorded (never changed). Scope payments:read. */
export const FINANCE_LIST_PAYMENTS = definePattern<FinancePageRequest, FinancePaymentPage>(
  'billing.finance-payment.list',
);
/**
 * Every school's subscription, in the order they last changed. Scope invoices:read: what a
 * school is billed for is part of reading its invoices (the scopes are the four P28 names).
 */
export const FINANCE_LIST_SUBSCRIPTIONS = definePattern<FinancePageRequest, FinanceSubscriptionPage>(
  'billing.finance-subscription.list',
);

/**
 * P26, P28: every school's grace charges (each grace access to pupil data, owed at once, so a
 * finance system collects it rather than waiting for an invoice), in the order they were
 * charged (a charge never changes; updatedSince compares its chargedAt). Scope invoices:read:
 * a charge is billed as an invoice is.
 */
export const FINANCE_LIST_GRACE_CHARGES = definePattern<FinancePageRequest, FinanceGraceChargePage>(
  'billing.finance-grace-charge.list',
);

/**
 * The import layouts finance systems take (shared/reference/billing.md §5): Xero's sales
 * invoice CSV, QuickBooks Online's invoice import, and Sage 50 Accounts' audit-trail
 * transactions (SI for invoices, SC for credit notes: Sage 50 imports no invoices as such).
 */
export const FINANCE_EXPORT_LAYOUTS = ['xero', 'quickbooks', 'sage50'] as const;
export type FinanceExportLayout = (typeof FINANCE_EXPORT_LAYOUTS)[number];

export interface FinanceExportRequest {
  layout: FinanceExportLayout;
  /** First and last day of issue (YYYY-MM-DD), both included. */
  from: string;
  to: string;
  /** The sales account (Xero AccountCode, Sage nominal code) or QuickBooks product/service; each layout's usual default when absent. */
  accountCode?: string;
}

export interface FinanceExportFile {
  fileName: string;
  contentType: 'text/csv';
  content: string;
  /** Documents in the file (invoices, and for Sage 50 credit notes too). */
  documents: number;
}

/** Most documents one export holds (Xero takes 500 invoices a file); a longer period is refused, naming `to`. */
export const MAX_FINANCE_EXPORT_DOCUMENTS = 500;

/** Every school's issued invoices (not drafts or void ones) of a period in an import layout. Scope invoices:read. */
export const FINANCE_EXPORT = definePattern<FinanceExportRequest, FinanceExportFile>('billing.finance-export.build');

/**
 * A payment a finance system records (bank feed, card processor), allocated as platform
 * finance's are: to the invoice named, or the school's outstanding invoices oldest due
 * first, the rest account credit. Scope payments:write; send an Idempotency-Key.
 */
export const FINANCE_RECORD_PAYMENT = definePattern<RecordPaymentRequest, PaymentView>(
  'billing.finance-payment.record',
);

/** A refund a finance system paid out of a school's account credit. Scope payments:write; send an Idempotency-Key. */
export const FINANCE_RECORD_REFUND = definePattern<RecordRefundRequest, RefundView>('billing.finance-refund.record');

/** Account credit used to pay another invoice. Scope payments:write; send an Idempotency-Key. */
export const FINANCE_APPLY_CREDIT = definePattern<ApplyCreditRequest, CreditApplicationView>(
  'billing.finance-credit.apply',
);
