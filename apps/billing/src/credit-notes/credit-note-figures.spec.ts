import { creditFor, settle } from './credit-note-figures';

const invoice = {
  vat: [{ vatRateBasisPoints: 2000, netPence: 110_000, vatPence: 22_000 }],
  netPence: 110_000,
  vatPence: 22_000,
};
const none = { netPence: 0, vatPence: 0 };

describe('credit note figures: never more than invoiced, VAT at the invoice rate', () => {
  it('a full credit takes exactly what is left, net and VAT', () => {
    expect(creditFor(invoice, none)).toEqual({
      ok: true,
      netPence: 110_000,
      vatPence: 22_000,
      grossPence: 132_000,
      vatRateBasisPoints: 2000,
    });
    expect(creditFor(invoice, { netPence: 10_003, vatPence: 2_001 })).toMatchObject({
      netPence: 99_997,
      vatPence: 19_999,
    });
  });

  it('a part takes VAT on its net at the invoice rate, rounded to the nearest penny (half up)', () => {
    expect(creditFor(invoice, none, 10_003)).toMatchObject({ netPence: 10_003, vatPence: 2_001, grossPence: 12_004 });
    expect(creditFor(invoice, none, 2)).toMatchObject({ vatPence: 0 }); // 0.4p
    expect(creditFor(invoice, none, 3)).toMatchObject({ vatPence: 1 }); // 0.6p
  });

  it('never credits more than is left, and never a penny of VAT more than was charged', () => {
    expect(creditFor(invoice, none, 110_001)).toEqual({ ok: false, problem: 'exceeds' });
    expect(creditFor(invoice, { netPence: 110_000, vatPence: 22_000 })).toEqual({ ok: false, problem: 'nothing_left' });
    // 3p of VAT left after rounding up earlier parts: a part worth 4p of VAT takes 3p.
    expect(creditFor(invoice, { netPence: 109_900, vatPence: 21_997 }, 20)).toMatchObject({ vatPence: 3 });
  });

  it('an invoice with several VAT rates is credited whole only', () => {
    const mixed = {
      vat: [
        { vatRateBasisPoints: 2000, netPence: 100, vatPence: 20 },
        { vatRateBasisPoints: 500, netPence: 100, vatPence: 5 },
      ],
      netPence: 200,
      vatPence: 25,
    };
    expect(creditFor(mixed, none, 50)).toEqual({ ok: false, problem: 'several_rates' });
    expect(creditFor(mixed, none)).toMatchObject({ ok: true, grossPence: 225 });
  });

  it('first reduces what the invoice still owes; the rest was paid and is owed back', () => {
    expect(settle(12_000, 132_000)).toEqual({ appliedToInvoicePence: 12_000, owedToSchoolPence: 0 });
    expect(settle(12_000, 5_000)).toEqual({ appliedToInvoicePence: 5_000, owedToSchoolPence: 7_000 });
    expect(settle(12_000, 0)).toEqual({ appliedToInvoicePence: 0, owedToSchoolPence: 12_000 });
  });
});
