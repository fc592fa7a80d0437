import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Cursors whose sort key is personal data (a pupil list in name order carries the last
 * row's surname and forename): sealed with AES-256-GCM under a server key, so the URL,
 * proxies' and browsers' histories and access logs hold only random-looking bytes, and a
 * cursor that was altered, made under another key or for another context (another school)
 * does not open. The position itself stays exact, so paging keeps the keyset's promise:
 * nothing skipped or repeated, whatever is renamed, added or erased meanwhile.
 *
 * Layout (base64url): version (1 byte) | nonce (12) | tag (16) | ciphertext of the fields
 * joined by NUL (which no name holds).
 */
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export class CursorSeal {
  private readonly key: Buffer;

  /** `secret`: any length of configured text; the AES key is its SHA-256 under this purpose. */
  constructor(secret: string) {
    this.key = createHash('sha256').update(`pupil-tracking cursor seal\0${secret}`).digest();
  }

  /** `fields` in order; `context` binds the cursor (e.g. the school's id) without being carried in it. */
  seal(fields: readonly string[], context: string): string {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(fields.join('\0'), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.of(VERSION), nonce, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The fields, or null for anything that is not a cursor this seal made for this context. */
  open(cursor: string, context: string, count: number): string[] | null {
    if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length < 1 + NONCE + TAG || bytes[0] !== VERSION) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(1, 1 + NONCE));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(1 + NONCE, 1 + NONCE + TAG));
      const text = Buffer.concat([decipher.update(bytes.subarray(1 + NONCE + TAG)), decipher.final()]).toString('utf8');
      const fields = text.split('\0');
      return fields.length === count ? fields : null;
    } catch {
      // A wrong tag: altered, another key, or another context.
      return null;
    }
  }
}
