import { ISO_DATE, matchesFormat, SCHOOL_POSTCODE, TELEPHONE, UK_POSTCODE } from './field-formats';

describe('field formats', () => {
  it('tell text of a format from text that is not, and from what is not text', () => {
    expect(matchesFormat('2026-09-01', ISO_DATE)).toBe(true);
    expect(matchesFormat('01/09/2026', ISO_DATE)).toBe(false);
    expect(matchesFormat(20260901, ISO_DATE)).toBe(false);
    expect(matchesFormat('020 7946 0000', TELEPHONE)).toBe(true);
    expect(matchesFormat('+44 (0)20 7946-0000', TELEPHONE)).toBe(true);
    expect(matchesFormat('ring me', TELEPHONE)).toBe(false);
  });

  it('accept a guardian postcode with at most one space, a school postcode with any spacing', () => {
    expect(matchesFormat('SW1A 1AA', UK_POSTCODE)).toBe(true);
    expect(matchesFormat('sw1a1aa', UK_POSTCODE)).toBe(true);
    expect(matchesFormat('SW1A  1AA', UK_POSTCODE)).toBe(false);
    expect(matchesFormat('SW1A  1AA', SCHOOL_POSTCODE)).toBe(true);
    expect(matchesFormat('SW1A', SCHOOL_POSTCODE)).toBe(false);
  });
});
