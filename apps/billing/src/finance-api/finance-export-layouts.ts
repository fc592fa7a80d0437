import { CreditNoteView, FinanceExportLayout, InvoiceLine, InvoiceView } from '@pt/contracts';
import { csvDocument } from '@pt/platform';

/**
 * The three import layouts, as pure functions of the documents (P28), written through
 * csvDocument so no cell reaches a spreadsheet as a formula (a customer named "=HYPERLINK…"
 * is written as text). Column headers are exactly the ones each system's import reads
 * (shared/reference/billing.md §5); money is pounds with two decimals, dates day first.
 */
export interface ExportOptions {
  accountCode?: string;
}

export const DEFAULT_ACCOUNT_CODES: Record<FinanceExportLayout, string> = {
  // Xero's default chart: 200 Sales. Sage 50's: 4000 Sales Type A. QuickBooks: a product/service name.
  xero: '200',
  quickbooks: 'Subscription',
  sage50: '4000',
};

export const XERO_COLUMNS = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const;

export const QUICKBOOKS_COLUMNS = [
  '*Invoice number',
  '*Customer',
  '*Invoice date',
  '*Due date',
  'Terms',
  'Memo',
  'Item(Product/Service)',
  'Item Description',
  'Item Quantity',
  'Item Rate',
  '*Item Amount',
  'Item tax code',
  'Service Date',
] as const;

export const SAGE50_COLUMNS = [
  'Type',
  'Account Reference',
  'Nominal A/C Ref',
  'Department Code',
  'Date',
  'Reference',
  'Details',
  'Net Amount',
  'Tax Code',
  'Tax Amount',
  'Exchange Rate',
  'Extra Reference',
  'User Name',
  'Project Ref',
  'Cost Code Ref',
] as const;

/** £ with two decimals from pence (integers, so no floating error): 132000 -> "1320.00". */
export function poundsOf(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const whole = Math.abs(pence);
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`;
}

/** YYYY-MM-DD -> DD/MM/YYYY, as UK Xero, QuickBooks and Sage 50 read dates. */
export function dayFirst(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/**
 * A line as quantity × unit price that the importer multiplies back to exactly our net: the
 * line's own quantity and price for a whole year; for a part year (pro rata by day) one unit
 * at the line's net, the days named in the description, so no system re-rounds it.
 */
export function importedLine(line: InvoiceLine): { description: string; quantity: number; unitPence: number } {
  if (line.quantity * line.unitPricePence === line.netPence) {
    return { description: line.description, quantity: line.quantity, unitPence: line.unitPricePence };
  }
  return {
    description: `${line.description} (${line.days}/${line.yearDays} days)`,
    quantity: 1,
    unitPence: line.netPence,
  };
}

function xeroTaxType(basisPoints: number): string {
  if (basisPoints === 2000) return '20% (VAT on Income)';
  if (basisPoints === 500) return '5% (VAT on Income)';
  return 'Zero Rated Income';
}

function quickbooksTaxCode(basisPoints: number): string {
  if (basisPoints === 2000) return '20.0% S';
  if (basisPoints === 500) return '5.0% R';
  return '0.0% Z';
}

function sageTaxCode(basisPoints: number): string {
  // Sage 50's standard UK codes: T1 standard, T5 reduced, T0 zero rated.
  if (basisPoints === 2000) return 'T1';
  if (basisPoints === 500) return 'T5';
  return 'T0';
}

/** The customer's account in Sage 50 and the contact name elsewhere: the billing account number, as invoices print it. */
function accountOf(invoice: { customer: { accountNumber: number } }): string {
  return String(invoice.customer.accountNumber).padStart(5, '0');
}

export function xeroCsv(invoices: readonly InvoiceView[], options: ExportOptions = {}): string {
  const accountCode = options.accountCode ?? DEFAULT_ACCOUNT_CODES.xero;
  const rows = invoices.flatMap((invoice) =>
    invoice.lines.map((line) => ({ invoice, line, imported: importedLine(line) })),
  );
  const byColumn: Record<(typeof XERO_COLUMNS)[number], (row: (typeof rows)[number]) => unknown> = {
    '*ContactName': ({ invoice }) => invoice.customer.name,
    EmailAddress: () => '',
    POAddressLine1: ({ invoice }) => invoice.customer.address.line1,
    POAddressLine2: ({ invoice }) => invoice.customer.address.line2 ?? '',
    POAddressLine3: () => '',
    POAddressLine4: () => '',
    POCity: ({ invoice }) => invoice.customer.address.town,
    PORegion: () => '',
    POPostalCode: ({ invoice }) => invoice.customer.address.postcode,
    POCountry: () => 'United Kingdom',
    '*InvoiceNumber': ({ invoice }) => invoice.number,
    Reference: ({ invoice }) => invoice.purchaseOrderNumber ?? '',
    '*InvoiceDate': ({ invoice }) => dayFirst(invoice.issuedOn!),
    '*DueDate': ({ invoice }) => dayFirst(invoice.dueOn!),
    InventoryItemCode: () => '',
    '*Description': ({ imported }) => imported.description,
    '*Quantity': ({ imported }) => imported.quantity,
    '*UnitAmount': ({ imported }) => poundsOf(imported.unitPence),
    Discount: () => '',
    '*AccountCode': () => accountCode,
    '*TaxType': ({ line }) => xeroTaxType(line.vatRateBasisPoints),
    TrackingName1: () => '',
    TrackingOption1: () => '',
    TrackingName2: () => '',
    TrackingOption2: () => '',
    Currency: () => 'GBP',
    BrandingTheme: () => '',
  };
  return csvDocument(
    XERO_COLUMNS.map((column) => [column, byColumn[column]] as const),
    rows,
  );
}

export function quickbooksCsv(invoices: readonly InvoiceView[], options: ExportOptions = {}): string {
  const item = options.accountCode ?? DEFAULT_ACCOUNT_CODES.quickbooks;
  const rows = invoices.flatMap((invoice) =>
    invoice.lines.map((line) => ({ invoice, line, imported: importedLine(line) })),
  );
  const byColumn: Record<(typeof QUICKBOOKS_COLUMNS)[number], (row: (typeof rows)[number]) => unknown> = {
    '*Invoice number': ({ invoice }) => invoice.number,
    '*Customer': ({ invoice }) => invoice.customer.name,
    '*Invoice date': ({ invoice }) => dayFirst(invoice.issuedOn!),
    '*Due date': ({ invoice }) => dayFirst(invoice.dueOn!),
    Terms: ({ invoice }) => `Net ${invoice.paymentTermsDays}`,
    Memo: ({ invoice }) => (invoice.purchaseOrderNumber ? `PO ${invoice.purchaseOrderNumber}` : ''),
    'Item(Product/Service)': () => item,
    'Item Description': ({ imported }) => imported.description,
    'Item Quantity': ({ imported }) => imported.quantity,
    'Item Rate': ({ imported }) => poundsOf(imported.unitPence),
    '*Item Amount': ({ line }) => poundsOf(line.netPence),
    'Item tax code': ({ line }) => quickbooksTaxCode(line.vatRateBasisPoints),
    'Service Date': ({ invoice }) => dayFirst(invoice.period.from),
  };
  return csvDocument(
    QUICKBOOKS_COLUMNS.map((column) => [column, byColumn[column]] as const),
    rows,
  );
}

/**
 * Sage 50 audit-trail transactions: one row per document and VAT rate (net and VAT as the
 * document worked them out, so Sage's totals are ours to the penny), SI for an invoice, SC
 * for a credit note (amounts positive: the type says which way).
 */
export function sage50Csv(
  invoices: readonly InvoiceView[],
  creditNotes: readonly CreditNoteView[],
  options: ExportOptions = {},
): string {
  const nominal = options.accountCode ?? DEFAULT_ACCOUNT_CODES.sage50;
  type Row = {
    type: 'SI' | 'SC';
    account: string;
    date: string;
    reference: string;
    details: string;
    netPence: number;
    vatPence: number;
    basisPoints: number;
    extra: string;
  };
  const rows: Row[] = [
    ...invoices.flatMap((invoice) =>
      invoice.vat.map((rate) => ({
        type: 'SI' as const,
        account: accountOf(invoice),
        date: invoice.issuedOn!,
        reference: invoice.number!,
        details: `${invoice.plan.name} ${invoice.period.from} to ${invoice.period.to}`,
        netPence: rate.netPence,
        vatPence: rate.vatPence,
        basisPoints: rate.vatRateBasisPoints,
        extra: invoice.purchaseOrderNumber ?? '',
      })),
    ),
    ...creditNotes.flatMap((note) =>
      note.vat.map((rate) => ({
        type: 'SC' as const,
        account: accountOf(note),
        date: note.issuedOn,
        reference: note.number,
        details: `Credit against ${note.invoice.number}`,
        netPence: rate.netPence,
        vatPence: rate.vatPence,
        basisPoints: rate.vatRateBasisPoints,
        extra: note.invoice.number,
      })),
    ),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference));
  const byColumn: Record<(typeof SAGE50_COLUMNS)[number], (row: Row) => unknown> = {
    Type: (row) => row.type,
    'Account Reference': (row) => row.account,
    'Nominal A/C Ref': () => nominal,
    'Department Code': () => '',
    Date: (row) => dayFirst(row.date),
    Reference: (row) => row.reference,
    // Sage 50 keeps 60 characters of details.
    Details: (row) => row.details.slice(0, 60),
    'Net Amount': (row) => poundsOf(row.netPence),
    'Tax Code': (row) => sageTaxCode(row.basisPoints),
    'Tax Amount': (row) => poundsOf(row.vatPence),
    'Exchange Rate': () => '1',
    'Extra Reference': (row) => row.extra,
    'User Name': () => '',
    'Project Ref': () => '',
    'Cost Code Ref': () => '',
  };
  return csvDocument(
    SAGE50_COLUMNS.map((column) => [column, byColumn[column]] as const),
    rows,
  );
}
