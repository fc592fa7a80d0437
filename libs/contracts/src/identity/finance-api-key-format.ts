/**
 * The finance API key's shape: `ptfin_` + 32 base62 characters of randomness + 6 base62
 * characters of CRC-32 over the two before (GitHub's token format). The prefix lets secret
 * scanners recognise a leaked key; the checksum lets the gateway (and a client) refuse a
 * mistyped or made-up key without asking anyone. The checksum is no secret and proves
 * nothing about authenticity: only identity's stored hash does.
 */
export const FINANCE_API_KEY_PREFIX = 'ptfin_';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SHAPE = new RegExp(`^${FINANCE_API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

/** Whether a bearer token is meant as a finance API key at all (the rest are access tokens). */
export function looksLikeFinanceApiKey(token: string): boolean {
  return token.startsWith(FINANCE_API_KEY_PREFIX);
}

/** The key for RANDOM_LENGTH random bytes (each taken modulo 62: the key's strength is ~190 bits). */
export function financeApiKeyOf(randomBytes: Uint8Array): string {
  if (randomBytes.length < RANDOM_LENGTH) throw new Error(`needs ${RANDOM_LENGTH} random bytes`);
  let body = FINANCE_API_KEY_PREFIX;
  for (let i = 0; i < RANDOM_LENGTH; i++) body += BASE62[randomBytes[i] % 62];
  return body + checksumOf(body);
}

/** Whether the key has the shape and its checksum matches (offline: no lookup). */
export function hasValidFinanceApiKeyChecksum(key: string): boolean {
  if (!SHAPE.test(key)) return false;
  const body = key.slice(0, -CHECKSUM_LENGTH);
  return checksumOf(body) === key.slice(-CHECKSUM_LENGTH);
}

function checksumOf(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as zlib) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
