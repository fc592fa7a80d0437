import { definePattern } from '../pattern';
import { InvoiceView } from './invoices';

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
