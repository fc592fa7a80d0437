import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl, testNatsUrl } from './test-environment';

/**
 * Before any integration or end-to-end test: the real Postgres and NATS must answer (a
 * clear message otherwise, not a wall of timeouts), and dist/ is built for the suites
 * that start services as processes.
 *
 * It also names this run's template databases (DB_TEMPLATE_PREFIX, inherited by the test
 * workers and the services they start): the first test database of each service is
 * migrated once into a template and every other one is cloned from it (see
 * libs/persistence/src/template-database.ts); global teardown drops them. Unique per run,
 * so concurrent runs on one server never clone each other's templates.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DB_TEMPLATE_PREFIX = `tpl_${randomBytes(4).toString('hex')}_`;
  const pg = new Client({ connectionString: testDatabaseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('select 1');
  } catch (error) {
    throw new Error(
      `Tests need PostgreSQL at ${redact(testDatabaseUrl())} (set DATABASE_URL): ${(error as Error).message}`,
    );
  } finally {
    await pg.end().catch(() => undefined);
  }
  const nats = new URL(testNatsUrl().replace(/^nats:/, 'http:'));
  await new Promise<void>((resolve, reject) => {
    const socket = new Socket();
    socket.setTimeout(3000);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    const fail = () => {
      socket.destroy();
      reject(new Error(`Tests need NATS with JetStream at ${testNatsUrl()} (set NATS_URL)`));
    };
    socket.once('error', fail);
    socket.once('timeout', fail);
    socket.connect(Number(nats.port || 4222), nats.hostname);
  });
  execFileSync(process.execPath, [join(__dirname, '../../../scripts/build.mjs')], { stdio: 'ignore' });
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
