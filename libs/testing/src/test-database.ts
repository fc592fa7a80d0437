import type { Constructor, MigrationObject } from '@mikro-orm/core';
import type { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { TransactionEvents, UnitOfWork } from '@pt/persistence';
import { databaseNames, DatabaseNames, withDatabase } from '@pt/persistence/database-names';
import { Client } from 'pg';
import { testDatabaseUrl, testTemplatePrefix, uniqueTestName } from './test-environment';

export interface TestDatabase {
  names: DatabaseNames;
  /** The service's runtime ORM: its own role, no BYPASSRLS, owns nothing. */
  orm: MikroORM;
  unitOfWork: UnitOfWork;
  transactionEvents: TransactionEvents;
  /** A connection as the owner, for checks and direct SQL (bypasses RLS only if superuser). */
  ownerQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The runtime role's connection URL, for raw `pg` access in tests. */
  runtimeUrl: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  service: string;
  entities: Constructor<unknown>[];
  migrations: MigrationObject[];
  label?: string;
}

/**
 * Provisions a fresh database exactly as a service does at start (create, migrate as
 * owner, enforce RLS, grant the runtime role) and opens it as the runtime role. The
 * middle tier of tests runs real repositories and services on it. In a jest run the
 * database is a clone of the run's migrated template of the service (see global setup).
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  // Loaded here, not at the top: @pt/testing's index loads this module (index-load.spec.ts), and only
  // the middle tier creates databases.
  const { MikroORM } = await import('@mikro-orm/postgresql');
  const { ormOptions, provisionDatabase, TransactionEvents, UnitOfWork } = await import('@pt/persistence');
  const adminUrl = testDatabaseUrl();
  const prefix = `${uniqueTestName(options.label ?? options.service)}_`;
  const names = databaseNames(prefix, options.service);
  const appPassword = 'test-app-password';
  const base = ormOptions({
    service: options.service,
    clientUrl: adminUrl,
    entities: options.entities,
    migrations: options.migrations,
    migrationsPathTs: 'unused',
    poolMax: 8,
  });
  const templatePrefix = testTemplatePrefix();
  const result = await provisionDatabase({
    adminUrl,
    names,
    appPassword,
    orm: base,
    template: templatePrefix ? { prefix: templatePrefix, service: options.service } : undefined,
  });
  const orm = await MikroORM.init<PostgreSqlDriver>({ ...base, clientUrl: result.runtimeUrl });
  const transactionEvents = new TransactionEvents();
  const owner = new Client({ connectionString: withDatabase(adminUrl, names.database) });
  await owner.connect();
  return {
    names,
    orm,
    unitOfWork: new UnitOfWork(orm, transactionEvents),
    transactionEvents,
    runtimeUrl: result.runtimeUrl,
    async ownerQuery<T>(sql: string, params: unknown[] = []) {
      return (await owner.query(sql, params)).rows as T[];
    },
    async drop() {
      await orm.close(true);
      await owner.end();
      await dropDatabaseAndRole(adminUrl, names);
    },
  };
}

export async function dropDatabaseAndRole(adminUrl: string, names: DatabaseNames): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(names.database)} with (force)`);
    await admin.query(`drop role if exists ${admin.escapeIdentifier(names.appRole)}`);
  } finally {
    await admin.end();
  }
}
