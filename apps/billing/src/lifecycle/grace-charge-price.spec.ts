import { graceAccessPrice } from './grace-charge-price';

describe('the price of a grace-period access (P26)', () => {
  it('P26: is a day of the plan at the school roll, to the nearest penny, with VAT at the plan rate', () => {
    // 50,000 + 200 pupils x 300 = 110,000 pence a year: 301.37 a day.
    expect(graceAccessPrice(110_000, 2000)).toEqual({ netPence: 301, vatPence: 60, grossPence: 361 });
    expect(graceAccessPrice(365_000, 2000)).toEqual({ netPence: 1000, vatPence: 200, grossPence: 1200 });
  });

  it('rounds half a penny up', () => {
    expect(graceAccessPrice(365 * 10 + 182, 0).netPence).toBe(10);
    expect(graceAccessPrice(365 * 10 + 183, 0).netPence).toBe(11);
  });
});
