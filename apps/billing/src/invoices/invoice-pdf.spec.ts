import { InvoiceView } from '@pt/contracts';
import { pdfText } from '@pt/platform';
import { SUPPLIER, TRUST_CUSTOMER } from './document-parties.fixtures';
import { invoicePdf, percent, pounds } from './invoice-pdf';

const invoice: InvoiceView = {
  id: 'i',
  schoolId: 's',
  subscriptionId: 'sub',
  status: 'issued',
  number: 'INV-00042-000007',
  sequenceNumber: 7,
  issuedOn: '2026-09-01',
  taxPoint: '2026-09-01',
  dueOn: '2026-10-01',
  creditedPence: 0,
  paidPence: 0,
  amountDuePence: 44_120,
  voidReason: null,
  createdAt: '',
  updatedAt: '',
  supplier: SUPPLIER,
  customer: TRUST_CUSTOMER,
  purchaseOrderNumber: 'PO-1234',
  plan: { id: 'p', code: 'standard', name: 'Standard' },
  priceVersion: { id: 'v', effectiveFrom: '2026-01-01' },
  pupils: 200,
  period: { from: '2028-09-01', to: '2028-12-31' },
  lines: [
    {
      description: 'Standard: annual base fee, 2028-09-01 to 2028-12-31',
      quantity: 1,
      unitPricePence: 50_000,
      vatRateBasisPoints: 2000,
      netPence: 16_712,
      days: 122,
      yearDays: 365,
    },
    {
      description: 'Standard: per pupil on roll, 2028-09-01 to 2028-12-31',
      quantity: 200,
      unitPricePence: 300,
      vatRateBasisPoints: 2000,
      netPence: 20_055,
      days: 122,
      yearDays: 365,
    },
  ],
  vat: [{ vatRateBasisPoints: 2000, netPence: 36_767, vatPence: 7_353 }],
  netPence: 36_767,
  vatPence: 7_353,
  grossPence: 44_120,
  paymentTermsDays: 30,
};

describe('invoice PDF: every field of a full VAT invoice, read back from the PDF text', () => {
  it('prints the number, dates, both parties, each line with quantity, unit price, rate and amount, and the totals', () => {
    const text = pdfText(invoicePdf(invoice));
    for (const expected of [
      'VAT INVOICE',
      'INV-00042-000007',
      'Date of issue:',
      'Tax point:',
      'Pupil Tracking Ltd',
      '2 Supplier Road',
      'VAT registration number: GB123456789',
      'Oak (Learning) Trust \\ Zoë',
      '1 Trust Way',
      'TE1 1ST',
      'Company number: 01234567',
      'PO-1234',
      'Standard: annual base fee, 2028-09-01 to 2028-12-31',
      '(122 of 365 days)',
      '200',
      '£500.00',
      '£3.00',
      '20%',
      '£167.12',
      '£200.55',
      'Total excluding VAT',
      '£367.67',
      'VAT at 20% on £367.67',
      '£73.53',
      'Total including VAT',
      '£441.20',
    ]) {
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    }
    expect(text.filter((t) => t === '2026-09-01')).toHaveLength(2); // date of issue and tax point
  });

  it('says so on a draft and on a void invoice', () => {
    expect(pdfText(invoicePdf({ ...invoice, status: 'draft', number: null }))[0]).toBe('DRAFT - NOT A VAT INVOICE');
    const voided = pdfText(invoicePdf({ ...invoice, status: 'void', voidReason: 'Wrong entity' }));
    expect(voided[0]).toBe('VAT INVOICE - VOID');
    expect(voided).toContain('Void: Wrong entity');
  });

  it('formats pence as pounds and basis points as percentages', () => {
    expect(pounds(123_456_789)).toBe('£1,234,567.89');
    expect(pounds(5)).toBe('£0.05');
    expect(pounds(-1_200)).toBe('-£12.00');
    expect(percent(2000)).toBe('20%');
    expect(percent(1750)).toBe('17.5%');
  });

  it('writes a PDF whose cross-reference table points at every object', () => {
    const pdf = invoicePdf(invoice);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(() => pdfText(pdf)).not.toThrow();
    const broken = Buffer.from(pdf.toString('latin1').replace('1 0 obj', 'X 0 obj'), 'latin1');
    expect(() => pdfText(broken)).toThrow('object 1 is not where the table says');
  });
});
