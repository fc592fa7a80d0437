import { InvoiceView } from '@pt/contracts';
import { A4, PdfText, renderPdf } from '@pt/platform';

/** £1,234.56 from pence. */
export function pounds(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** 20% from 2000 basis points, 17.5% from 1750. */
export function percent(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

/** Words of `text` in lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const LEFT = 50;
const RIGHT_COLUMN = 330;
const COLUMNS = { description: LEFT, quantity: 300, unit: 345, rate: 430, amount: 480 };

/** What a VAT document (an invoice or a credit note) prints, in the one layout both share. */
export interface VatDocumentPage {
  heading: string;
  title: string;
  supplier: InvoiceView['supplier'];
  customer: InvoiceView['customer'];
  /** Label and value, top right: number, dates, account. */
  facts: [string, string][];
  /** Lines of text between the customer and the table (period of supply, invoice credited). */
  preamble: string[];
  lines: {
    description: string[];
    quantity?: number;
    unitPricePence?: number;
    vatRateBasisPoints: number;
    netPence: number;
  }[];
  vat: InvoiceView['vat'];
  netPence: number;
  vatPence: number;
  grossPence: number;
  grossLabel: string;
  /** Small print at the foot. */
  notes: string[];
}

/** A VAT document as a PDF: supplier, customer, facts, lines, totals at each VAT rate, small print. */
export function vatDocumentPdf(document: VatDocumentPage): Buffer {
  const texts: PdfText[] = [];
  let y = A4.height - 60;
  const put = (x: number, text: string, options: { size?: number; bold?: boolean; at?: number } = {}) =>
    texts.push({ x, y: options.at ?? y, size: options.size ?? 10, bold: options.bold, text });
  const next = (by = 14) => (y -= by);

  put(LEFT, document.heading, { size: 18, bold: true });
  next(28);

  const top = y;
  put(LEFT, document.supplier.name, { bold: true });
  for (const line of document.supplier.address) {
    next();
    put(LEFT, line);
  }
  next();
  put(LEFT, `VAT registration number: ${document.supplier.vatNumber}`);
  const supplierBottom = y;

  y = top;
  for (const [label, value] of document.facts) {
    put(RIGHT_COLUMN, `${label}:`, { bold: true });
    put(RIGHT_COLUMN + 95, value);
    next();
  }
  y = Math.min(y, supplierBottom) - 20;

  put(LEFT, 'Bill to', { bold: true });
  next();
  put(LEFT, document.customer.name);
  const address = document.customer.address;
  for (const line of [address.line1, address.line2, address.town, address.postcode]) {
    if (!line) continue;
    next();
    put(LEFT, line);
  }
  if (document.customer.companyNumber) {
    next();
    put(LEFT, `Company number: ${document.customer.companyNumber}`);
  }
  for (const line of document.preamble) {
    next(24);
    put(LEFT, line);
  }
  next(24);

  put(COLUMNS.description, 'Description', { bold: true, size: 9 });
  put(COLUMNS.quantity, 'Qty', { bold: true, size: 9 });
  put(COLUMNS.unit, 'Unit price excl. VAT', { bold: true, size: 9 });
  put(COLUMNS.rate, 'VAT rate', { bold: true, size: 9 });
  put(COLUMNS.amount, 'Amount excl. VAT', { bold: true, size: 9 });
  for (const line of document.lines) {
    next(16);
    if (line.quantity !== undefined) put(COLUMNS.quantity, String(line.quantity), { size: 9 });
    if (line.unitPricePence !== undefined) put(COLUMNS.unit, pounds(line.unitPricePence), { size: 9 });
    put(COLUMNS.rate, percent(line.vatRateBasisPoints), { size: 9 });
    put(COLUMNS.amount, pounds(line.netPence), { size: 9 });
    line.description.forEach((text, i) => {
      if (i) next(11);
      put(COLUMNS.description, text, { size: 9 });
    });
  }
  next(28);

  const totals: [string, string, boolean?][] = [['Total excluding VAT', pounds(document.netPence)]];
  for (const rate of document.vat) {
    totals.push([`VAT at ${percent(rate.vatRateBasisPoints)} on ${pounds(rate.netPence)}`, pounds(rate.vatPence)]);
  }
  totals.push(['Total VAT', pounds(document.vatPence)], [document.grossLabel, pounds(document.grossPence), true]);
  for (const [label, value, bold] of totals) {
    put(RIGHT_COLUMN, label, { bold });
    put(COLUMNS.amount, value, { bold });
    next();
  }
  next(8);
  for (const note of document.notes) {
    next(12);
    put(LEFT, note, { size: 8 });
  }
  return renderPdf([texts], document.title, 'pupil-tracking billing');
}

/**
 * The invoice as a PDF, from the same view the API answers with: every field of a full VAT
 * invoice (VAT Regulations 1995 reg. 14(1)): the number, date of issue and tax point; the
 * supplier's name, address and VAT registration number; the customer's name and address;
 * per line the description, quantity, unit price and amount excluding VAT and the VAT rate;
 * the total excluding VAT, the VAT at each rate and in total, and the total payable.
 */
export function invoicePdf(invoice: InvoiceView): Buffer {
  const heading =
    invoice.status === 'draft'
      ? 'DRAFT - NOT A VAT INVOICE'
      : invoice.status === 'void'
        ? 'VAT INVOICE - VOID'
        : 'VAT INVOICE';
  const facts: [string, string][] = [
    ['Invoice number', invoice.number ?? 'not yet issued'],
    ['Date of issue', invoice.issuedOn ?? '-'],
    ['Tax point', invoice.taxPoint ?? '-'],
    ['Due date', invoice.dueOn ?? '-'],
    ['Account', String(invoice.customer.accountNumber).padStart(5, '0')],
  ];
  if (invoice.purchaseOrderNumber) facts.push(['Purchase order', invoice.purchaseOrderNumber]);
  const notes = [
    `Payment is due within ${invoice.paymentTermsDays} days of the date of issue. All amounts are in pounds sterling.`,
  ];
  if (invoice.status === 'void' && invoice.voidReason) notes.push(`Void: ${invoice.voidReason}`);
  return vatDocumentPdf({
    heading,
    title: invoice.number ?? 'Draft invoice',
    supplier: invoice.supplier,
    customer: invoice.customer,
    facts,
    preamble: [`Period of supply: ${invoice.period.from} to ${invoice.period.to}`],
    lines: invoice.lines.map((line) => {
      const description = wrap(line.description, 52);
      if (line.days !== line.yearDays) description.push(`(${line.days} of ${line.yearDays} days)`);
      return { ...line, description };
    }),
    vat: invoice.vat,
    netPence: invoice.netPence,
    vatPence: invoice.vatPence,
    grossPence: invoice.grossPence,
    grossLabel: 'Total including VAT',
    notes,
  });
}
