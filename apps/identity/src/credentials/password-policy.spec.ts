import { DEFAULT_PASSWORD_POLICY, passwordProblems } from './password-policy';

describe('password policy (P2)', () => {
  it('accepts 12+ characters mixing capitals, lower case and digits', () => {
    expect(passwordProblems('Kestrel4Moor')).toEqual([]);
  });

  it('accepts a passphrase of 16+ characters without particular character classes', () => {
    expect(passwordProblems('correct horse battery')).toEqual([]);
  });

  it('refuses fewer than 12 characters, and 12 to 15 without capitals, lower case and digits', () => {
    expect(passwordProblems('Short1Aa')[0].message).toMatch(/at least 12/);
    expect(passwordProblems('alllowercase12')[0].message).toMatch(/capitals, lower case and digits/);
    expect(passwordProblems('NODIGITSHEREabc')[0].message).toMatch(/capitals/);
  });

  it('refuses more than 128 characters rather than truncating, counting characters not bytes', () => {
    expect(passwordProblems('é'.repeat(128))).toEqual([]);
    expect(passwordProblems('a'.repeat(129))[0].message).toMatch(/at most 128/);
  });

  it('names the field it was asked about', () => {
    expect(passwordProblems('x', DEFAULT_PASSWORD_POLICY, 'newPassword')[0].field).toBe('newPassword');
  });
});
