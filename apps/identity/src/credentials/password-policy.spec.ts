import { commonPasswordCount, isCommonPassword } from './common-passwords';
import { DEFAULT_PASSWORD_POLICY, passwordProblems, schoolPasswordPolicy } from './password-policy';

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
    expect(passwordProblems('Éé9-' + 'ée-héron-lévrier-'.repeat(8).slice(0, 124))).toEqual([]);
    expect(passwordProblems('a'.repeat(129))[0].message).toMatch(/at most 128/);
  });

  it('names the field it was asked about', () => {
    expect(passwordProblems('x', DEFAULT_PASSWORD_POLICY, 'newPassword')[0].field).toBe('newPassword');
  });
});

describe('deny list of common passwords (P2)', () => {
  it('holds at least the 10,000 most common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('123456')).toBe(true);
  });

  it('compares case-insensitively', () => {
    expect(isCommonPassword('PassWord')).toBe(true);
    expect(isCommonPassword('QWERTY123456')).toBe(true);
  });

  it('refuses a common password that otherwise meets the rules, without quoting it', () => {
    const problems = passwordProblems('Qwerty123456');
    expect(problems).toEqual([{ field: 'password', message: expect.stringMatching(/most commonly used/) }]);
    expect(JSON.stringify(problems)).not.toContain('Qwerty123456');
  });

  it('leaves uncommon passwords alone', () => {
    expect(isCommonPassword('Kestrel4Moor')).toBe(false);
  });
});

describe("a school's password policy (P2)", () => {
  it('keeps the default when the school has none', () => {
    expect(schoolPasswordPolicy(null)).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(schoolPasswordPolicy({})).toEqual(DEFAULT_PASSWORD_POLICY);
  });

  it('can be stricter', () => {
    expect(schoolPasswordPolicy({ minLength: 14, passphraseLength: 20 })).toEqual({
      minLength: 14,
      passphraseLength: 20,
      maxLength: 128,
    });
  });

  it('can never be weaker, nor refuse every password, whatever is stored', () => {
    expect(schoolPasswordPolicy({ minLength: 4, passphraseLength: 6 })).toEqual(DEFAULT_PASSWORD_POLICY);
    expect(schoolPasswordPolicy({ minLength: 500 })).toEqual({ minLength: 128, passphraseLength: 128, maxLength: 128 });
    expect(schoolPasswordPolicy({ minLength: '20' as unknown as number })).toEqual(DEFAULT_PASSWORD_POLICY);
  });

  it('keeps the passphrase length at least the minimum length', () => {
    expect(schoolPasswordPolicy({ minLength: 18 })).toEqual({ minLength: 18, passphraseLength: 18, maxLength: 128 });
  });
});
