import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A sealed value that does not open: the key-encryption key is not the one it was sealed with, or the value was altered. */
export class KeyUnwrapError extends Error {
  /** Logged with the error's name where messages are not (safe-error.ts). */
  readonly code = 'key_encryption_key.mismatch';

  constructor(what: string) {
    super(
      `${what} cannot be decrypted with KEY_ENCRYPTION_KEY: it is not the key-encryption key it was sealed with, or the stored value was altered`,
    );
    this.name = 'KeyUnwrapError';
  }
}

/**
 * Secrets at rest in a service's database (identity's token signing keys, billing's webhook
 * signing secrets), sealed with AES-256-GCM under the key-encryption key from configuration,
 * so that reading the database alone does not give what it takes to sign. `context` (the
 * row's id) is bound in as additional data: a sealed value copied onto another row does not open.
 * Stored as `v1.<iv>.<ciphertext>.<tag>`, base64url parts.
 */
export class KeyWrap {
  constructor(private readonly kek: Buffer) {
    if (kek.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext; KeyUnwrapError (naming `what`, never the value) when it does not open. */
  open(sealed: string, context: string, what: string): string {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !ciphertext || !tag) throw new KeyUnwrapError(what);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.kek, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyUnwrapError(what);
    }
  }
}

/**
 * The key-encryption key from configuration (`KEY_ENCRYPTION_KEY`, 32 bytes in base64), or a
 * fixed development key when it is not set (each service's config requires it in production).
 */
export function keyEncryptionKeyOf(configured: string | undefined): Buffer {
  return configured
    ? Buffer.from(configured, 'base64')
    : createHash('sha256').update('development-only key-encryption key: set KEY_ENCRYPTION_KEY').digest();
}

/** Whether a stored value is sealed (KeyWrap) rather than left in the clear by an older version. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(`${VERSION}.`);
}
