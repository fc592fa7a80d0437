import { InvoiceCustomer, InvoiceSupplier } from '@pt/contracts';

/** The supplier and customer the PDF specs print, so each spec checks its own document's fields only. */
export const SUPPLIER: InvoiceSupplier = {
  name: 'Pupil Tracking Ltd',
  address: ['2 Supplier Road', 'Testbury', 'TE2 2SU'],
  vatNumber: 'GB123456789',
};

export const TRUST_CUSTOMER: InvoiceCustomer = {
  kind: 'academy_trust',
  name: 'Oak (Learning) Trust \\ Zoë',
  address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
  companyNumber: '01234567',
  accountNumber: 42,
};
