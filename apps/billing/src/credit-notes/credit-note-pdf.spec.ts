import { CreditNoteView } from '@pt/contracts';
import { pdfText } from '@pt/platform';
import { SUPPLIER, TRUST_CUSTOMER } from '../invoices/document-parties.fixtures';
import { creditNotePdf } from './credit-note-pdf';

const creditNote: CreditNoteView = {
  id: 'c',
  schoolId: 's',
  invoiceId: 'i',
  number: 'CN-00042-000003',
  sequenceNumber: 3,
  issuedOn: '2026-10-05',
  appliedToInvoicePence: 2_000,
  owedToSchoolPence: 10_000,
  createdAt: '',
  supplier: SUPPLIER,
  customer: TRUST_CUSTOMER,
  invoice: { id: 'i', number: 'INV-00042-000007', issuedOn: '2026-09-01' },
  reason: 'order_change',
  lines: [
    {
      description: 'Credit against invoice INV-00042-000007: fewer pupils',
      vatRateBasisPoints: 2000,
      netPence: 10_000,
    },
  ],
  vat: [{ vatRateBasisPoints: 2000, netPence: 10_000, vatPence: 2_000 }],
  netPence: 10_000,
  vatPence: 2_000,
  grossPence: 12_000,
};

describe('credit note PDF: what a VAT credit note carries, read back from the PDF text', () => {
  it('prints its number and date, both parties, the invoice it credits, the reason, the line, the VAT and the total credited', () => {
    const text = pdfText(creditNotePdf(creditNote));
    expect(text[0]).toBe('VAT CREDIT NOTE');
    for (const expected of [
      'CN-00042-000003',
      '2026-10-05',
      'Pupil Tracking Ltd',
      'VAT registration number: GB123456789',
      'Oak (Learning) Trust \\ Zoë',
      'TE1 1ST',
      'Invoice credited:',
      'INV-00042-000007',
      '2026-09-01',
      'Reason: order change',
      '20%',
      '£100.00',
      'VAT at 20% on £100.00',
      '£20.00',
      'Total credited including VAT',
      '£120.00',
    ]) {
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
    }
    // The description wraps at 52 characters, in order.
    expect(text.join(' ')).toContain('Credit against invoice INV-00042-000007: fewer pupils');
    expect(
      text.some((t) => t.includes('£20.00 reduces what invoice INV-00042-000007 owes and £100.00 is owed back')),
    ).toBe(true);
  });
});
