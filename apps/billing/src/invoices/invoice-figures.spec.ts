import { documentNumber, invoiceLines, invoiceTotals, shareOfYearly, termYearOf } from './invoice-figures';

const price = { planName: 'Standard', baseFeePence: 50_000, perPupilPence: 300, pupils: 200, vatRateBasisPoints: 2000 };

describe('invoice figures: term years, lines, VAT per rate and numbers, in integer pence', () => {
  it('cuts a term into years at each anniversary, the last cut at the term end', () => {
    const term = { startsOn: '2026-09-01', endsOn: '2028-12-31' };
    expect(termYearOf(term, '2026-09-01')).toEqual({ from: '2026-09-01', to: '2027-08-31', days: 365, yearDays: 365 });
    expect(termYearOf(term, '2028-02-29')).toEqual({ from: '2027-09-01', to: '2028-08-31', days: 366, yearDays: 366 });
    expect(termYearOf(term, '2028-12-31')).toEqual({ from: '2028-09-01', to: '2028-12-31', days: 122, yearDays: 365 });
    expect(termYearOf(term, '2026-08-31')).toBeNull();
    expect(termYearOf(term, '2029-01-01')).toBeNull();
  });

  it('a whole year charges quantity × yearly unit price; VAT is worked out on the net total', () => {
    const lines = invoiceLines(price, { from: '2026-09-01', to: '2027-08-31', days: 365, yearDays: 365 });
    expect(lines.map((l) => [l.quantity, l.unitPricePence, l.netPence, l.vatRateBasisPoints])).toEqual([
      [1, 50_000, 50_000, 2000],
      [200, 300, 60_000, 2000],
    ]);
    expect(invoiceTotals(lines)).toEqual({
      vat: [{ vatRateBasisPoints: 2000, netPence: 110_000, vatPence: 22_000 }],
      netPence: 110_000,
      vatPence: 22_000,
      grossPence: 132_000,
    });
  });

  it('a short year charges each line by day, rounded to the nearest penny (half up)', () => {
    // 122 of 365 days: 50,000 × 122/365 = 16,712.33 → 16,712; 60,000 × 122/365 = 20,054.79 → 20,055.
    const lines = invoiceLines(price, { from: '2028-09-01', to: '2028-12-31', days: 122, yearDays: 365 });
    expect(lines.map((l) => l.netPence)).toEqual([16_712, 20_055]);
    // VAT on the total 36,767: 7,353.4 → 7,353.
    expect(invoiceTotals(lines)).toMatchObject({ netPence: 36_767, vatPence: 7_353, grossPence: 44_120 });
    expect(shareOfYearly(1, 1, 2)).toBe(1); // exactly half a penny rounds up
    expect(shareOfYearly(3, 1, 2)).toBe(2);
    expect(shareOfYearly(1, 1, 3)).toBe(0);
  });

  it('rounds VAT once per rate, never per line: half a penny up, less than half down', () => {
    const line = (netPence: number, vatRateBasisPoints = 2000) => ({
      description: 'x',
      quantity: 1,
      unitPricePence: netPence,
      vatRateBasisPoints,
      netPence,
      days: 365,
      yearDays: 365,
    });
    // 2p + 2p at 20%: per line 0.4p + 0.4p would round to 0 each; on the total 4p → 0.8p → 1p.
    expect(invoiceTotals([line(2), line(2)])).toMatchObject({ vatPence: 1, grossPence: 5 });
    // 0.5p rounds up, 0.4p down.
    expect(invoiceTotals([line(5, 1000)]).vatPence).toBe(1);
    expect(invoiceTotals([line(4, 1000)]).vatPence).toBe(0);
    // Two rates: each rate's VAT on its own total, highest rate first.
    expect(invoiceTotals([line(1_001), line(999, 500), line(1_001)]).vat).toEqual([
      { vatRateBasisPoints: 2000, netPence: 2_002, vatPence: 400 },
      { vatRateBasisPoints: 500, netPence: 999, vatPence: 50 },
    ]);
  });

  it('leaves out the per-pupil line for an empty roll', () => {
    expect(invoiceLines({ ...price, pupils: 0 }, { from: 'a', to: 'b', days: 365, yearDays: 365 })).toHaveLength(1);
  });

  it('prints numbers as INV-<account>-<series number> and CN-<account>-<series number>', () => {
    expect(documentNumber('INV', 42, 7)).toBe('INV-00042-000007');
    expect(documentNumber('CN', 1, 123_456)).toBe('CN-00001-123456');
  });
});
