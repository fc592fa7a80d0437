import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { PLATFORM_MIGRATIONS } from './platform-tables/platform-migrations';

/**
 * Test runs only (DB_TEMPLATE_PREFIX): one migrated database per service and per run, that
 * every test database of that service is cloned from (`CREATE DATABASE … TEMPLATE …`), so a
 * run migrates each service once instead of once per test file.
 *
 * The template is built lazily by the first provisioning that needs it, through the same
 * migration step as any database (see provisioning.ts), so it can never drift from what a
 * service would make on its own. Its name carries a fingerprint of the migrations, so a
 * service and a test fixture that share a name but not their migrations never share a
 * template (the platform's migrations, which every database has first, count too). It has no runtime role and no grants: each clone gets its own.
 */
export function templateDatabaseName(templatePrefix: string, service: string, migrationNames: string[]): string {
  const everyMigration = [...PLATFORM_MIGRATIONS.map((migration) => migration.name), ...migrationNames];
  const fingerprint = createHash('sha256').update(everyMigration.join('\n')).digest('hex').slice(0, 8);
  return `${templatePrefix}${service.replace(/-/g, '_')}_${fingerprint}`;
}

/** Template databases are built under this name and renamed when complete, so none is cloned half-migrated. */
const BUILDING_SUFFIX = '_wip';

/**
 * Makes sure `template` exists, building it with `build(databaseName)` if not. Concurrent
 * callers (test files in parallel, replicas) wait on an advisory lock while one builds. `build`
 * must leave no connection open to the database (a template may not be copied while in use).
 */
export async function ensureTemplateDatabase(
  admin: Client,
  template: string,
  build: (database: string) => Promise<void>,
): Promise<void> {
  const lockKey = `template:${template}`;
  await admin.query('select pg_advisory_lock(hashtext($1))', [lockKey]);
  try {
    if (await databaseExists(admin, template)) return;
    const building = `${template}${BUILDING_SUFFIX}`;
    // A build that died half-way (the run was killed) is not reused.
    await admin.query(`drop database if exists ${admin.escapeIdentifier(building)} with (force)`);
    await admin.query(`create database ${admin.escapeIdentifier(building)}`);
    await build(building);
    await admin.query(
      `alter database ${admin.escapeIdentifier(building)} rename to ${admin.escapeIdentifier(template)}`,
    );
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [lockKey]);
  }
}

/** A new database with the schema and rows of `template` (which nobody may be connected to). */
export async function cloneDatabase(admin: Client, database: string, template: string): Promise<void> {
  await admin.query(`create database ${admin.escapeIdentifier(database)} template ${admin.escapeIdentifier(template)}`);
}

/** Drops every template database of a run (and any build left half-way). */
export async function dropTemplateDatabases(adminUrl: string, templatePrefix: string): Promise<string[]> {
  const admin = new Client({ connectionString: adminUrl, application_name: 'provisioning' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [templatePrefix],
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
    }
    return rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
}

export async function databaseExists(admin: Client, database: string): Promise<boolean> {
  const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [database]);
  return (rowCount ?? 0) > 0;
}
