import { DataServiceConfig } from './base.config';
import { ConfigError, loadConfig } from './config-loader';

describe('loadConfig', () => {
  it('fills defaults for a development machine when nothing is set', () => {
    const config = loadConfig(DataServiceConfig, {});
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.DB_POOL_MAX).toBe(10);
    expect(config.natsServers).toEqual(['nats://127.0.0.1:4222']);
  });

  it('converts numbers and lists from the environment', () => {
    const config = loadConfig(DataServiceConfig, {
      DB_POOL_MAX: '25',
      NATS_URL: 'nats://a:4222,nats://b:4222',
    });
    expect(config.DB_POOL_MAX).toBe(25);
    expect(config.natsServers).toEqual(['nats://a:4222', 'nats://b:4222']);
  });

  it('names every bad variable at once, without echoing values that may be secrets', () => {
    let error: unknown;
    try {
      loadConfig(DataServiceConfig, {
        NATS_URL: 'http://nats',
        DB_POOL_MAX: 'lots',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('NATS_URL');
    expect(message).toContain('DB_POOL_MAX');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('hunter2');
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('refuses a namespace that could collide with the production stream', () => {
    expect(() => loadConfig(DataServiceConfig, { NATS_NAMESPACE: 'Prod.Evt' })).toThrow(/NATS_NAMESPACE/);
  });

  it('connects without a NATS user by default (a development NATS has none)', () => {
    expect(loadConfig(DataServiceConfig, {}).natsCredentials).toBeUndefined();
  });

  it("takes the process's NATS user and password together", () => {
    const config = loadConfig(DataServiceConfig, { NATS_USER: 'billing', NATS_PASSWORD: 'a-long-enough-secret' });
    expect(config.natsCredentials).toEqual({ user: 'billing', pass: 'a-long-enough-secret' });
  });

  it('refuses a NATS user without its password, a password without its user, and a short password, echoing neither', () => {
    expect(() => loadConfig(DataServiceConfig, { NATS_USER: 'billing' })).toThrow(/NATS_USER/);
    expect(() => loadConfig(DataServiceConfig, { NATS_PASSWORD: 'a-long-enough-secret' })).toThrow(/NATS_PASSWORD/);
    let error: unknown;
    try {
      loadConfig(DataServiceConfig, { NATS_USER: 'billing', NATS_PASSWORD: 'hunter2' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).message).toContain('NATS_PASSWORD');
    expect((error as ConfigError).message).not.toContain('hunter2');
  });
});
