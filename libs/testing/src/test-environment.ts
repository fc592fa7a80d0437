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
