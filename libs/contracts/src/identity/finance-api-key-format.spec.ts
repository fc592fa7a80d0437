import {
  crc32,
  financeApiKeyOf,
  hasValidFinanceApiKeyChecksum,
  looksLikeFinanceApiKey,
} from './finance-api-key-format';

describe('P28: the finance API key format', () => {
  it('is ptfin_, 32 random base62 characters and a 6-character CRC-32 checksum', () => {
    const key = financeApiKeyOf(crypto.getRandomValues(new Uint8Array(32)));
    expect(key).toMatch(/^ptfin_[0-9A-Za-z]{38}$/);
    expect(looksLikeFinanceApiKey(key)).toBe(true);
    expect(hasValidFinanceApiKeyChecksum(key)).toBe(true);
  });

  it('computes CRC-32 as zlib does', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });

  it('refuses a key with one character changed, a swapped pair, or the wrong shape, offline', () => {
    const key = financeApiKeyOf(Uint8Array.from({ length: 32 }, (_, i) => i * 7));
    const changed = key.slice(0, 12) + (key[12] === 'Q' ? 'R' : 'Q') + key.slice(13);
    const swapped = key.slice(0, 8) + key[9] + key[8] + key.slice(10);
    expect(key[8]).not.toBe(key[9]);
    expect(hasValidFinanceApiKeyChecksum(changed)).toBe(false);
    expect(hasValidFinanceApiKeyChecksum(swapped)).toBe(false);
    expect(hasValidFinanceApiKeyChecksum(key + 'x')).toBe(false);
    expect(hasValidFinanceApiKeyChecksum(key.replace('ptfin_', 'ptfix_'))).toBe(false);
    expect(looksLikeFinanceApiKey('eyJhbGciOiJFUzI1NiJ9.x.y')).toBe(false);
  });
});
