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
function wrap(text: string, width: number): string[] {
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

/**
 * The invoice as a PDF, from the same view the API answers with: every field of a full VAT
 * invoice (VAT Regulations 1995 reg. 14(1)): the number, date of issue and tax point; the
 * supplier's name, address and VAT registration number; the customer's name and address;
 * per line the description, quantity, unit price and amount excluding VAT and the VAT rate;
 * the total excluding VAT, the VAT at each rate and in total, and the total payable.
 */
export function invoicePdf(invoice: InvoiceView): Buffer {
  const texts: PdfText[] = [];
  let y = A4.height - 60;
  const put = (x: number, text: string, options: { size?: number; bold?: boolean; at?: number } = {}) =>
    texts.push({ x, y: options.at ?? y, size: options.size ?? 10, bold: options.bold, text });
  const next = (by = 14) => (y -= by);

  const heading =
    invoice.status === 'draft'
      ? 'DRAFT - NOT A VAT INVOICE'
      : invoice.status === 'void'
        ? 'VAT INVOICE - VOID'
        : 'VAT INVOICE';
  put(LEFT, heading, { size: 18, bold: true });
  next(28);

  const top = y;
  put(LEFT, invoice.supplier.name, { bold: true });
  for (const line of invoice.supplier.address) {
    next();
    put(LEFT, line);
  }
  next();
  put(LEFT, `VAT registration number: ${invoice.supplier.vatNumber}`);
  const supplierBottom = y;

  y = top;
  const facts: [string, string][] = [
    ['Invoice number', invoice.number ?? 'not yet issued'],
    ['Date of issue', invoice.issuedOn ?? '-'],
    ['Tax point', invoice.taxPoint ?? '-'],
    ['Due date', invoice.dueOn ?? '-'],
    ['Account', String(invoice.customer.accountNumber).padStart(5, '0')],
  ];
  if (invoice.purchaseOrderNumber) facts.push(['Purchase order', invoice.purchaseOrderNumber]);
  for (const [label, value] of facts) {
    put(RIGHT_COLUMN, `${label}:`, { bold: true });
    put(RIGHT_COLUMN + 95, value);
    next();
  }
  y = Math.min(y, supplierBottom) - 20;

  put(LEFT, 'Bill to', { bold: true });
  next();
  put(LEFT, invoice.customer.name);
  const address = invoice.customer.address;
  for (const line of [address.line1, address.line2, address.town, address.postcode]) {
    if (!line) continue;
    next();
    put(LEFT, line);
  }
  if (invoice.customer.companyNumber) {
    next();
    put(LEFT, `Company number: ${invoice.customer.companyNumber}`);
  }
  next(24);
  put(LEFT, `Period of supply: ${invoice.period.from} to ${invoice.period.to}`);
  next(24);

  const columns = { description: LEFT, quantity: 300, unit: 345, rate: 430, amount: 480 };
  put(columns.description, 'Description', { bold: true, size: 9 });
  put(columns.quantity, 'Qty', { bold: true, size: 9 });
  put(columns.unit, 'Unit price excl. VAT', { bold: true, size: 9 });
  put(columns.rate, 'VAT rate', { bold: true, size: 9 });
  put(columns.amount, 'Amount excl. VAT', { bold: true, size: 9 });
  for (const line of invoice.lines) {
    next(16);
    put(columns.quantity, String(line.quantity), { size: 9 });
    put(columns.unit, pounds(line.unitPricePence), { size: 9 });
    put(columns.rate, percent(line.vatRateBasisPoints), { size: 9 });
    put(columns.amount, pounds(line.netPence), { size: 9 });
    const described = wrap(line.description, 52);
    if (line.days !== line.yearDays) described.push(`(${line.days} of ${line.yearDays} days)`);
    described.forEach((text, i) => {
      if (i) next(11);
      put(columns.description, text, { size: 9 });
    });
  }
  next(28);

  const totals: [string, string, boolean?][] = [['Total excluding VAT', pounds(invoice.netPence)]];
  for (const rate of invoice.vat) {
    totals.push([`VAT at ${percent(rate.vatRateBasisPoints)} on ${pounds(rate.netPence)}`, pounds(rate.vatPence)]);
  }
  totals.push(['Total VAT', pounds(invoice.vatPence)], ['Total including VAT', pounds(invoice.grossPence), true]);
  for (const [label, value, bold] of totals) {
    put(RIGHT_COLUMN, label, { bold });
    put(columns.amount, value, { bold });
    next();
  }
  next(20);
  put(
    LEFT,
    `Payment is due within ${invoice.paymentTermsDays} days of the date of issue. All amounts are in pounds sterling.`,
    {
      size: 8,
    },
  );
  if (invoice.status === 'void' && invoice.voidReason) {
    next(12);
    put(LEFT, `Void: ${invoice.voidReason}`, { size: 8 });
  }
  return renderPdf([texts], invoice.number ?? 'Draft invoice', 'pupil-tracking billing');
}
