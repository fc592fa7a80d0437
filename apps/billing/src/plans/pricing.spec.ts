import { PriceTerms } from '@pt/contracts';
import { priceFor, priceInForce, priceTermProblems, vatOn } from './pricing';

const linear = (perPupilPence: number, baseFeePence = 50_000, vatRateBasisPoints = 2000): PriceTerms => ({
  effectiveFrom: '2026-09-01',
  baseFeePence,
  perPupil: { kind: 'linear', perPupilPence },
  vatRateBasisPoints,
});

const banded: PriceTerms = {
  effectiveFrom: '2026-09-01',
  baseFeePence: 30_000,
  perPupil: {
    kind: 'banded',
    bands: [
      { fromPupils: 0, perPupilPence: 300 },
      { fromPupils: 101, perPupilPence: 250 },
      { fromPupils: 501, perPupilPence: 200 },
    ],
  },
  vatRateBasisPoints: 2000,
};

describe('a plan price: base fee plus pupils × per-pupil price, VAT on the total', () => {
  it('linear: every pupil at the one price, VAT 20% of the net total', () => {
    expect(priceFor(linear(275), 420)).toEqual({
      base: 50_000,
      perPupil: 115_500,
      net: 165_500,
      vat: 33_100,
      gross: 198_600,
      perPupilPence: 275,
    });
  });

  it('banded: the band the roll falls in prices every pupil, with the bands meeting exactly at their boundaries', () => {
    expect(priceFor(banded, 0)).toMatchObject({ perPupil: 0, net: 30_000, vat: 6_000, gross: 36_000 });
    expect(priceFor(banded, 100)).toMatchObject({ perPupilPence: 300, perPupil: 30_000, net: 60_000 });
    expect(priceFor(banded, 101)).toMatchObject({ perPupilPence: 250, perPupil: 25_250, net: 55_250 });
    expect(priceFor(banded, 500)).toMatchObject({ perPupilPence: 250, perPupil: 125_000 });
    expect(priceFor(banded, 501)).toMatchObject({ perPupilPence: 200, perPupil: 100_200 });
  });

  it('a roll of no pupils costs the base fee alone; a zero VAT rate adds nothing', () => {
    expect(priceFor(linear(300), 0)).toMatchObject({ net: 50_000, gross: 60_000 });
    expect(priceFor(linear(300, 50_000, 0), 10)).toMatchObject({ net: 53_000, vat: 0, gross: 53_000 });
  });

  it('refuses a roll that is not a whole number of pupils', () => {
    expect(() => priceFor(linear(300), -1)).toThrow(RangeError);
    expect(() => priceFor(linear(300), 2.5)).toThrow(RangeError);
  });
});

describe('VAT is worked out once on the net total and rounded to the nearest penny (HMRC VAT Notice 700 para 17.5)', () => {
  it('rounds a fraction under half a penny down and from half a penny up', () => {
    expect(vatOn(1, 2000)).toBe(0); // 0.2p
    expect(vatOn(2, 2000)).toBe(0); // 0.4p
    expect(vatOn(3, 2000)).toBe(1); // 0.6p
    expect(vatOn(1, 5000)).toBe(1); // exactly 0.5p: up
    expect(vatOn(12_345, 2000)).toBe(2_469);
    expect(vatOn(100_001, 1750)).toBe(17_500); // 17,500.175p
    expect(vatOn(100_003, 1750)).toBe(17_501); // 17,500.525p
  });

  it('on the total, not per line: base and per-pupil parts are not rounded separately', () => {
    // 2p + 2p at 20%: per line 0 + 0 = 0; on the total 0.8p rounds to 1p.
    const figures = priceFor(linear(2, 2), 1);
    expect(figures.net).toBe(4);
    expect(figures.vat).toBe(1);
    expect(figures.gross).toBe(5);
  });

  it('keeps every figure a whole number of pence and gross = net + VAT', () => {
    for (const pupils of [0, 1, 7, 99, 333, 1234]) {
      const figures = priceFor(linear(333, 12_347, 2000), pupils);
      for (const value of Object.values(figures)) expect(Number.isInteger(value)).toBe(true);
      expect(figures.gross).toBe(figures.net + figures.vat);
    }
  });
});

describe('the price in force on a date', () => {
  const versions = [
    { id: 'b', effectiveFrom: '2027-09-01' },
    { id: 'a', effectiveFrom: '2026-09-01' },
    { id: 'c', effectiveFrom: '2028-04-01' },
  ];

  it('is the latest version effective on or before the date, in whatever order they are given', () => {
    expect(priceInForce(versions, '2026-09-01')?.id).toBe('a'); // from its first day
    expect(priceInForce(versions, '2027-08-31')?.id).toBe('a'); // to the day before the next
    expect(priceInForce(versions, '2027-09-01')?.id).toBe('b');
    expect(priceInForce(versions, '2099-01-01')?.id).toBe('c');
  });

  it('is none before the first version', () => {
    expect(priceInForce(versions, '2026-08-31')).toBeNull();
    expect(priceInForce([], '2026-09-01')).toBeNull();
  });
});

describe('the figures of a price version are checked, naming the field', () => {
  it('accepts the examples', () => {
    expect(priceTermProblems(linear(300))).toEqual([]);
    expect(priceTermProblems(banded)).toEqual([]);
  });

  it('refuses fractions of a penny, negative prices, a rate above 100% and bands out of order', () => {
    expect(
      priceTermProblems({ ...linear(2.5), baseFeePence: -1, vatRateBasisPoints: 20.5 }).map((p) => p.field),
    ).toEqual(['baseFeePence', 'vatRateBasisPoints', 'perPupil.perPupilPence']);
    const outOfOrder: PriceTerms = {
      ...banded,
      perPupil: {
        kind: 'banded',
        bands: [
          { fromPupils: 1, perPupilPence: 3 },
          { fromPupils: 1, perPupilPence: 2 },
        ],
      },
    };
    expect(priceTermProblems(outOfOrder, 'price.').map((p) => p.field)).toEqual([
      'price.perPupil.bands.0.fromPupils',
      'price.perPupil.bands.1.fromPupils',
    ]);
    expect(priceTermProblems({ ...banded, perPupil: { kind: 'banded', bands: [] } })[0].field).toBe('perPupil.bands');
  });
});
