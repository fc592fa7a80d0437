import { MikroORM, Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { DatabaseNames, withDatabase } from './database-names';
import {
  applyPlatformMigrations,
  PLATFORM_MIGRATIONS,
  PLATFORM_MIGRATIONS_TABLE,
} from './platform-tables/platform-migrations';
import { enforceTenantRowSecurity, tenantTables } from './row-security';
import { cloneDatabase, databaseExists, ensureTemplateDatabase, templateDatabaseName } from './template-database';

export interface ProvisionSettings {
  /** Owner/admin connection (DATABASE_URL). */
  adminUrl: string;
  names: DatabaseNames;
  appPassword?: string;
  /** ORM options of the service; provisioning runs its migrations as the owner. */
  orm: Options<PostgreSqlDriver>;
  /**
   * Privileges of the runtime role beyond the default (read and write every table).
   * Audit, for example, takes away UPDATE and DELETE on its log.
   */
  extraGrants?: (role: string) => string[];
  /**
   * Test runs only (DB_TEMPLATE_PREFIX): a missing database is cloned from the run's
   * migrated template of this service (built here on first use) instead of migrated from
   * nothing. See template-database.ts.
   */
  template?: { prefix: string; service: string };
}

export interface ProvisionResult {
  /** The platform's own migrations (its tables in every service's database), then the service's. */
  migrationsApplied: string[];
  rowSecurityTables: string[];
  /** URL the service connects with at run time: its own role, its own database. */
  runtimeUrl: string;
}

const DUPLICATE_DATABASE = '42P04';
const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

/**
 * Makes the service's database ready, idempotently and safely with replicas starting at
 * once: creates the database and the runtime role if missing, runs the platform's
 * migrations and then the service's committed ones as the owner under an advisory lock,
 * enforces row-level security, and grants the runtime role only what it needs (it owns
 * nothing and cannot bypass RLS).
 */
export async function provisionDatabase(settings: ProvisionSettings): Promise<ProvisionResult> {
  const { adminUrl, names, appPassword } = settings;
  const cloned = await withClient(adminUrl, async (admin) => {
    // Replicas starting together would otherwise race on the role's catalogue row
    // ("tuple concurrently updated"): one at a time creates and sets up the role.
    const lockKey = `provision:${names.database}`;
    await admin.query('select pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      const created = await createDatabase(admin, names, settings);
      await createRole(admin, names, appPassword);
      return created === 'cloned';
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  });

  const ownerUrl = withDatabase(adminUrl, names.database);
  return withClient(ownerUrl, async (owner) => {
    // One replica migrates; the others wait here and then find nothing to do.
    await owner.query('select pg_advisory_lock(hashtext($1))', [`migrate:${names.database}`]);
    try {
      // A clone of this run's template has every migration and its row security already.
      const schema =
        cloned && (await migrationsCurrent(owner, settings.orm)) && (await platformMigrationsCurrent(owner))
          ? { migrationsApplied: [], rowSecurityTables: await tenantTables(owner) }
          : await migrateAsOwner(owner, ownerUrl, settings.orm);
      await grantRuntimeRole(owner, names, settings.extraGrants);
      return {
        ...schema,
        runtimeUrl: withDatabase(adminUrl, names.database, { name: names.appRole, password: appPassword }),
      };
    } finally {
      await owner.query('select pg_advisory_unlock(hashtext($1))', [`migrate:${names.database}`]);
    }
  });
}

/**
 * The schema step of provisioning: the platform's migrations, then the service's committed
 * ones, as the owner, then row-level security on every tenant table. Template databases
 * are built by this same step.
 */
async function migrateAsOwner(
  owner: Client,
  ownerUrl: string,
  orm: Options<PostgreSqlDriver>,
): Promise<Pick<ProvisionResult, 'migrationsApplied' | 'rowSecurityTables'>> {
  const platformApplied = await applyPlatformMigrations(owner);
  const migrator = await MikroORM.init<PostgreSqlDriver>({ ...orm, clientUrl: ownerUrl, pool: { min: 0, max: 2 } });
  let migrationsApplied: string[];
  try {
    migrationsApplied = [...platformApplied, ...(await migrator.getMigrator().up()).map((m) => m.name)];
  } finally {
    await migrator.close(true);
  }
  return { migrationsApplied, rowSecurityTables: await enforceTenantRowSecurity(owner) };
}

function migrationNamesOf(orm: Options<PostgreSqlDriver>): string[] {
  return (orm.migrations?.migrationsList ?? []).map((migration) => migration.name);
}

async function platformMigrationsCurrent(owner: Client): Promise<boolean> {
  const { rows } = await owner.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
    PLATFORM_MIGRATIONS_TABLE,
  ]);
  if (!rows[0].exists) return PLATFORM_MIGRATIONS.length === 0;
  const applied = new Set(
    (await owner.query<{ name: string }>(`select name from "${PLATFORM_MIGRATIONS_TABLE}"`)).rows.map((r) => r.name),
  );
  return PLATFORM_MIGRATIONS.every((migration) => applied.has(migration.name));
}

async function migrationsCurrent(owner: Client, orm: Options<PostgreSqlDriver>): Promise<boolean> {
  const table = orm.migrations?.tableName ?? 'mikro_orm_migrations';
  const { rows } = await owner.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [table]);
  if (!rows[0].exists) return migrationNamesOf(orm).length === 0;
  const applied = new Set(
    (await owner.query<{ name: string }>(`select name from ${owner.escapeIdentifier(table)}`)).rows.map((r) => r.name),
  );
  return migrationNamesOf(orm).every((name) => applied.has(name));
}

/** Creates the database if missing: cloned from the run's template when there is one. */
async function createDatabase(
  admin: Client,
  names: DatabaseNames,
  settings: ProvisionSettings,
): Promise<'existed' | 'created' | 'cloned'> {
  if (await databaseExists(admin, names.database)) return 'existed';
  if (settings.template) {
    const { prefix, service } = settings.template;
    const template = templateDatabaseName(prefix, service, migrationNamesOf(settings.orm));
    await ensureTemplateDatabase(admin, template, (building) => {
      const buildingUrl = withDatabase(settings.adminUrl, building);
      return withClient(buildingUrl, (owner) => migrateAsOwner(owner, buildingUrl, settings.orm)).then(() => undefined);
    });
    try {
      await cloneDatabase(admin, names.database, template);
      return 'cloned';
    } catch (error) {
      if (![DUPLICATE_DATABASE, UNIQUE_VIOLATION].includes((error as { code?: string }).code ?? '')) throw error;
      return 'existed';
    }
  }
  await ignoring([DUPLICATE_DATABASE, UNIQUE_VIOLATION], () =>
    admin.query(`create database ${admin.escapeIdentifier(names.database)}`),
  );
  return 'created';
}

async function createRole(admin: Client, names: DatabaseNames, appPassword?: string): Promise<void> {
  const role = admin.escapeIdentifier(names.appRole);
  await ignoring([DUPLICATE_OBJECT, UNIQUE_VIOLATION], () => admin.query(`create role ${role}`));
  const password = appPassword ? `password ${admin.escapeLiteral(appPassword)}` : 'password null';
  await admin.query(
    `alter role ${role} with login nosuperuser nobypassrls nocreatedb nocreaterole noinherit noreplication ${password}`,
  );
}

async function grantRuntimeRole(
  owner: Client,
  names: DatabaseNames,
  extraGrants?: (role: string) => string[],
): Promise<void> {
  const role = owner.escapeIdentifier(names.appRole);
  const db = owner.escapeIdentifier(names.database);
  const statements = [
    // Only this service's role may connect: no service reads another's tables.
    `revoke all on database ${db} from public`,
    `grant connect, temporary on database ${db} to ${role}`,
    `revoke create on schema public from public`,
    `grant usage on schema public to ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    `revoke all on table mikro_orm_migrations from ${role}`,
    `revoke all on table ${PLATFORM_MIGRATIONS_TABLE} from ${role}`,
    ...(extraGrants?.(role) ?? []),
  ];
  for (const sql of statements) await owner.query(sql);
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'provisioning' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ignoring(codes: string[], work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!codes.includes((error as { code?: string }).code ?? '')) throw error;
  }
}
