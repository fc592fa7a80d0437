import { isValidUnsubscribeSignature, unsubscribeSignature, unsubscribeUrl } from './unsubscribe-signature';

const SECRET = 'a test secret that is long enough to use';
const USER = '0192f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6';

describe('unsubscribe link signature (P9)', () => {
  it('accepts the signature made for the user', () => {
    expect(isValidUnsubscribeSignature(SECRET, USER, unsubscribeSignature(SECRET, USER))).toBe(true);
  });

  it("refuses another user's signature, another key's, a truncated one and garbage", () => {
    const other = '0192f0c4-1b2a-7c3d-8e4f-000000000000';
    expect(isValidUnsubscribeSignature(SECRET, USER, unsubscribeSignature(SECRET, other))).toBe(false);
    expect(isValidUnsubscribeSignature(SECRET, USER, unsubscribeSignature(`${SECRET}x`, USER))).toBe(false);
    expect(isValidUnsubscribeSignature(SECRET, USER, unsubscribeSignature(SECRET, USER).slice(0, -1))).toBe(false);
    expect(isValidUnsubscribeSignature(SECRET, USER, '')).toBe(false);
  });

  it('builds a link to the public unsubscribe route carrying only the id and the signature', () => {
    const url = new URL(unsubscribeUrl('https://app.example/', SECRET, USER));
    expect(url.origin + url.pathname).toBe('https://app.example/api/v1/marketing/unsubscribe');
    expect([...url.searchParams.keys()]).toEqual(['u', 'sig']);
    expect(isValidUnsubscribeSignature(SECRET, url.searchParams.get('u')!, url.searchParams.get('sig')!)).toBe(true);
  });
});
