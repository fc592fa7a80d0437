import { ConfigError, loadConfig } from '@pt/platform';
import { randomBytes } from 'node:crypto';
import { IdentityConfig } from './identity.config';

describe('IdentityConfig: the key-encryption key of the signing keys', () => {
  const production = { NODE_ENV: 'production', DB_APP_PASSWORD: 'x', UNSUBSCRIBE_SECRET: 'u'.repeat(32) };

  it('has a 32-byte development key outside production', () => {
    expect(loadConfig(IdentityConfig, {}).keyEncryptionKey).toHaveLength(32);
  });

  it('is required in production, as 32 bytes in base64', () => {
    expect(() => loadConfig(IdentityConfig, production)).toThrow(ConfigError);
    expect(() => loadConfig(IdentityConfig, production)).toThrow(/KEY_ENCRYPTION_KEY/);
    expect(() =>
      loadConfig(IdentityConfig, { ...production, KEY_ENCRYPTION_KEY: randomBytes(16).toString('base64') }),
    ).toThrow(/KEY_ENCRYPTION_KEY/);
    const key = randomBytes(32);
    const config = loadConfig(IdentityConfig, { ...production, KEY_ENCRYPTION_KEY: key.toString('base64') });
    expect(config.keyEncryptionKey.equals(key)).toBe(true);
  });
});
