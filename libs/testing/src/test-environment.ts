import { randomBytes } from 'node:crypto';

export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function testNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/**
 * A name unique to one test file's run, used as database prefix and events namespace, so
 * test files never see each other's data or events, nor those of `npm start`.
 */
export function uniqueTestName(label: string): string {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 10);
  return `t_${safe}_${randomBytes(4).toString('hex')}`;
}

/**
 * The prefix of this test run's template databases (one migrated database per service,
 * cloned by every test file), set by global setup; undefined outside a jest run, where
 * every database is migrated from nothing as before.
 */
export function testTemplatePrefix(): string | undefined {
  return process.env.DB_TEMPLATE_PREFIX || undefined;
}

/** The variable that hands the run's templates to services started as processes. */
export function templateEnvironment(): Record<string, string> {
  const prefix = testTemplatePrefix();
  return prefix ? { DB_TEMPLATE_PREFIX: prefix } : {};
}
