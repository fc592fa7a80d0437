import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { KeyUnwrapError, KeyWrap } from './key-wrap';

describe('signing keys sealed at rest (AES-256-GCM under the key-encryption key)', () => {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const wrap = new KeyWrap(randomBytes(32));

  it('opens what it sealed, and the sealed form holds no PEM nor the key in any plain encoding', () => {
    const sealed = wrap.seal(pem, 'kid-1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('BEGIN');
    const body = pem.split('\n').slice(1, -2).join('');
    expect(sealed).not.toContain(body.slice(0, 24));
    expect(wrap.open(sealed, 'kid-1', 'signing key kid-1')).toBe(pem);
  });

  it('seals the same key differently each time (a fresh IV)', () => {
    expect(wrap.seal(pem, 'kid-1')).not.toBe(wrap.seal(pem, 'kid-1'));
  });

  it('refuses another key-encryption key with an error naming the variable, not the value', () => {
    const sealed = wrap.seal(pem, 'kid-1');
    const other = new KeyWrap(randomBytes(32));
    expect(() => other.open(sealed, 'kid-1', 'signing key kid-1')).toThrow(KeyUnwrapError);
    expect(() => other.open(sealed, 'kid-1', 'signing key kid-1')).toThrow(/signing key kid-1 .*KEY_ENCRYPTION_KEY/);
  });

  it('refuses a sealed value moved to another key id, or altered', () => {
    const sealed = wrap.seal(pem, 'kid-1');
    expect(() => wrap.open(sealed, 'kid-2', 'signing key kid-2')).toThrow(KeyUnwrapError);
    const [v, iv, ct, tag] = sealed.split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(() => wrap.open([v, iv, flipped.toString('base64url'), tag].join('.'), 'kid-1', 'k')).toThrow(
      KeyUnwrapError,
    );
    expect(() => wrap.open(pem, 'kid-1', 'k')).toThrow(KeyUnwrapError);
  });

  it('needs a 32-byte key', () => {
    expect(() => new KeyWrap(randomBytes(16))).toThrow(/32 bytes/);
  });
});
