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
});
