import { CreditNoteView, InvoiceView } from '@pt/contracts';
import { dayFirst, importedLine, poundsOf, quickbooksCsv, sage50Csv, xeroCsv } from './finance-export-layouts';

const invoice = (overrides: Partial<InvoiceView> = {}): InvoiceView =>
  ({
    id: 'i1',
    number: 'INV-00042-000001',
    issuedOn: '2026-09-01',
    dueOn: '2026-10-01',
    purchaseOrderNumber: 'PO-77',
    paymentTermsDays: 30,
    period: { from: '2026-09-01', to: '2027-08-31' },
    plan: { id: 'p', code: 'std', name: 'Standard' },
    customer: {
      kind: 'academy_trust',
      name: 'Oak Learning Trust',
      address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
      accountNumber: 42,
    },
    lines: [
      {
        description: 'Standard: base fee',
        quantity: 1,
        unitPricePence: 50_000,
        vatRateBasisPoints: 2000,
        netPence: 50_000,
        days: 365,
        yearDays: 365,
      },
      {
        description: 'Standard: pupils on roll',
        quantity: 200,
        unitPricePence: 300,
        vatRateBasisPoints: 2000,
        netPence: 60_000,
        days: 365,
        yearDays: 365,
      },
    ],
    vat: [{ vatRateBasisPoints: 2000, netPence: 110_000, vatPence: 22_000 }],
    netPence: 110_000,
    vatPence: 22_000,
    grossPence: 132_000,
    ...overrides,
  }) as InvoiceView;

const creditNote = {
  number: 'CN-00042-000001',
  issuedOn: '2026-09-15',
  customer: invoice().customer,
  invoice: { id: 'i1', number: 'INV-00042-000001', issuedOn: '2026-09-01' },
  vat: [{ vatRateBasisPoints: 2000, netPence: 1_000, vatPence: 200 }],
} as CreditNoteView;

const lines = (csv: string) => csv.trimEnd().split('\r\n');

describe('P28: finance exports in the layouts finance systems import', () => {
  it('writes money in pounds and dates day first', () => {
    expect(poundsOf(132_000)).toBe('1320.00');
    expect(poundsOf(5)).toBe('0.05');
    expect(poundsOf(-1_234)).toBe('-12.34');
    expect(dayFirst('2026-09-01')).toBe('01/09/2026');
  });

  it('Xero: its sales-invoice headers, one row per line, the invoice number repeated', () => {
    const [header, ...rows] = lines(xeroCsv([invoice()]));
    expect(header).toBe(
      '*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme',
    );
    expect(rows).toEqual([
      'Oak Learning Trust,,1 Trust Way,,,,Testbury,,TE1 1ST,United Kingdom,INV-00042-000001,PO-77,01/09/2026,01/10/2026,,Standard: base fee,1,500.00,,200,20% (VAT on Income),,,,,GBP,',
      'Oak Learning Trust,,1 Trust Way,,,,Testbury,,TE1 1ST,United Kingdom,INV-00042-000001,PO-77,01/09/2026,01/10/2026,,Standard: pupils on roll,200,3.00,,200,20% (VAT on Income),,,,,GBP,',
    ]);
  });

  it('QuickBooks Online: its invoice-import headers, the line amount as we charged it', () => {
    const [header, first] = lines(quickbooksCsv([invoice()], { accountCode: 'Pupil tracking' }));
    expect(header).toBe(
      '*Invoice number,*Customer,*Invoice date,*Due date,Terms,Memo,Item(Product/Service),Item Description,Item Quantity,Item Rate,*Item Amount,Item tax code,Service Date',
    );
    expect(first).toBe(
      'INV-00042-000001,Oak Learning Trust,01/09/2026,01/10/2026,Net 30,PO PO-77,Pupil tracking,Standard: base fee,1,500.00,500.00,20.0% S,01/09/2026',
    );
  });

  it('Sage 50: audit-trail SI and SC rows per VAT rate, with our net and VAT to the penny', () => {
    const [header, ...rows] = lines(sage50Csv([invoice()], [creditNote]));
    expect(header).toBe(
      'Type,Account Reference,Nominal A/C Ref,Department Code,Date,Reference,Details,Net Amount,Tax Code,Tax Amount,Exchange Rate,Extra Reference,User Name,Project Ref,Cost Code Ref',
    );
    expect(rows).toEqual([
      'SI,00042,4000,,01/09/2026,INV-00042-000001,Standard 2026-09-01 to 2027-08-31,1100.00,T1,220.00,1,PO-77,,,',
      'SC,00042,4000,,15/09/2026,CN-00042-000001,Credit against INV-00042-000001,10.00,T1,2.00,1,INV-00042-000001,,,',
    ]);
  });

  it('a part year is one unit at the line’s net, so no system re-rounds quantity × price', () => {
    const line = {
      description: 'Pupils',
      quantity: 200,
      unitPricePence: 300,
      vatRateBasisPoints: 2000,
      netPence: 30_082,
      days: 183,
      yearDays: 365,
    };
    expect(importedLine(line)).toEqual({ description: 'Pupils (183/365 days)', quantity: 1, unitPence: 30_082 });
  });

  it('neutralises a cell a spreadsheet would run as a formula', () => {
    const hostile = invoice({
      customer: { ...invoice().customer, name: '=HYPERLINK("http://x.example","click")' },
      purchaseOrderNumber: '+cmd|calc',
    });
    for (const csv of [xeroCsv([hostile]), quickbooksCsv([hostile]), sage50Csv([hostile], [])]) {
      expect(csv).not.toMatch(/(^|,)[=+]/m);
    }
    expect(xeroCsv([hostile])).toContain(`"'=HYPERLINK(""http://x.example"",""click"")"`);
  });
});
