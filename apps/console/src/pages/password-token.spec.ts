import { tokenFromHash } from './password-token';

describe('console: the token of an emailed link', () => {
  it('is read from the fragment, decoded', () => {
    expect(tokenFromHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('#token=a%2Bb')).toBe('a+b');
  });

  it('is absent without a fragment, or with an empty token', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#other=1')).toBeNull();
  });
});
