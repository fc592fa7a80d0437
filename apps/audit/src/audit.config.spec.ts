import { ConfigError, loadConfig } from '@pt/platform';
import { AuditConfig } from './audit.config';

describe('AuditConfig (P24: checkpoint signing key)', () => {
  it('uses a development key outside production and checkpoints every five minutes', () => {
    const config = loadConfig(AuditConfig, {});
    expect(config.checkpointKey).toMatch(/development-only/);
    expect(config.AUDIT_CHECKPOINT_INTERVAL_SECONDS).toBe(300);
  });

  it('refuses to start in production without a key, or with a short one', () => {
    expect(() => loadConfig(AuditConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x' })).toThrow(ConfigError);
    expect(() =>
      loadConfig(AuditConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x', AUDIT_CHECKPOINT_KEY: 'short' }),
    ).toThrow(/AUDIT_CHECKPOINT_KEY/);
    const key = 'k'.repeat(32);
    expect(
      loadConfig(AuditConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x', AUDIT_CHECKPOINT_KEY: key })
        .checkpointKey,
    ).toBe(key);
  });
});
