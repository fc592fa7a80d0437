import { CreditNoteView } from '@pt/contracts';
import { pounds, vatDocumentPdf, wrap } from '../invoices/invoice-pdf';

/**
 * The credit note as a PDF, from the same view the API answers with, in the invoice's
 * layout: what a VAT credit note must carry (VAT Notice 700 s.18.2.3): its number and date,
 * the supplier's name, address and VAT number, the customer's, the invoice it corrects (its
 * number and date), the reason, and the amount credited excluding VAT at each rate, the VAT
 * credited and the total credited; then how the credit settled.
 */
export function creditNotePdf(creditNote: CreditNoteView): Buffer {
  return vatDocumentPdf({
    heading: 'VAT CREDIT NOTE',
    title: creditNote.number,
    supplier: creditNote.supplier,
    customer: creditNote.customer,
    facts: [
      ['Credit note number', creditNote.number],
      ['Date of issue', creditNote.issuedOn],
      ['Invoice credited', creditNote.invoice.number],
      ['Invoice date', creditNote.invoice.issuedOn],
      ['Account', String(creditNote.customer.accountNumber).padStart(5, '0')],
    ],
    preamble: [`Reason: ${creditNote.reason.replace(/_/g, ' ')}`],
    lines: creditNote.lines.map((line) => ({ ...line, description: wrap(line.description, 52) })),
    vat: creditNote.vat,
    netPence: creditNote.netPence,
    vatPence: creditNote.vatPence,
    grossPence: creditNote.grossPence,
    grossLabel: 'Total credited including VAT',
    notes: [
      `Of this credit, ${pounds(creditNote.appliedToInvoicePence)} reduces what invoice ${creditNote.invoice.number} owes and ${pounds(creditNote.owedToSchoolPence)} is owed back to you.`,
      'All amounts are in pounds sterling.',
    ],
  });
}
