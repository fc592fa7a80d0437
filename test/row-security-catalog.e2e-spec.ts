import { Constructor, MigrationObject } from '@mikro-orm/core';
import { enforceTenantRowSecurity, TENANT_POLICY, withDatabase } from '@pt/persistence';
import { EVENT_ENTITIES } from '@pt/platform';
import { createTestDatabase, TestDatabase, testDatabaseUrl } from '@pt/testing';
import { createFixtureDatabase } from '@pt/testing/fixtures/fixture-database';
import { Client } from 'pg';
import { ASSESSMENT_DATABASE } from '../apps/assessment/src/database';
import { AUDIT_DATABASE } from '../apps/audit/src/database';
import { BILLING_DATABASE } from '../apps/billing/src/database';
import { IDENTITY_DATABASE } from '../apps/identity/src/database';
import { PUPIL_RECORDS_DATABASE } from '../apps/pupil-records/src/database';

interface ServiceDatabase {
  entities: Constructor<unknown>[];
  migrations: MigrationObject[];
}

const SERVICES: [string, ServiceDatabase][] = [
  ['identity', IDENTITY_DATABASE],
  ['pupil-records', PUPIL_RECORDS_DATABASE],
  ['assessment', ASSESSMENT_DATABASE],
  ['billing', BILLING_DATABASE],
  ['audit', AUDIT_DATABASE],
];

interface TenantTable {
  table: string;
  rowSecurity: boolean;
  forced: boolean;
  policies: { name: string; command: string; permissive: boolean; using: string | null; check: string | null }[];
}

/**
 * Every table in the database (any schema a service could create) with a `tenant_id`
 * column, with its row-level security flags and policies, read from the catalog.
 */
async function tenantTables(db: TestDatabase): Promise<TenantTable[]> {
  return db.ownerQuery<TenantTable>(`
    select n.nspname || '.' || c.relname as table,
           c.relrowsecurity as "rowSecurity",
           c.relforcerowsecurity as "forced",
           coalesce(
             (select json_agg(json_build_object(
                       'name', p.polname,
                       'command', p.polcmd,
                       'permissive', p.polpermissive,
                       'using', pg_get_expr(p.polqual, p.polrelid),
                       'check', pg_get_expr(p.polwithcheck, p.polrelid)) order by p.polname)
                from pg_policy p where p.polrelid = c.oid),
             '[]') as policies
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
     where a.attname = 'tenant_id' and not a.attisdropped and a.attnum > 0
       and c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
     order by 1`);
}

/** Forced RLS and exactly one policy, ours, for every command, keyed on the transaction's tenant both ways. */
function expectIsolated(tables: TenantTable[]): void {
  for (const table of tables) {
    expect(table).toEqual({
      table: table.table,
      rowSecurity: true,
      forced: true,
      policies: [
        {
          name: TENANT_POLICY,
          command: '*',
          permissive: true,
          using: expect.stringContaining("current_setting('app.tenant_id'"),
          check: expect.stringContaining("current_setting('app.tenant_id'"),
        },
      ],
    });
  }
}

const services = new Map<string, TestDatabase>();
let fixture: TestDatabase;

beforeAll(async () => {
  for (const [service, database] of SERVICES) {
    services.set(
      service,
      await createTestDatabase({
        service,
        label: 'catalog',
        entities: [...EVENT_ENTITIES, ...database.entities],
        migrations: database.migrations,
      }),
    );
  }
  fixture = await createFixtureDatabase('catalog');
});

afterAll(async () => {
  await Promise.all([...services.values(), fixture].filter(Boolean).map((db) => db.drop()));
});

describe('row-level security in the catalog', () => {
  it.each(SERVICES.map(([service]) => service))(
    '%s: every table with a tenant_id has forced row-level security and only the tenant_isolation policy',
    async (service) => {
      const db = services.get(service)!;
      // The database really was migrated (it has the outbox every service has).
      const [{ outbox }] = await db.ownerQuery<{ outbox: string | null }>(
        "select to_regclass('public.outbox')::text as outbox",
      );
      expect(outbox).toBe('outbox');
      expectIsolated(await tenantTables(db));
    },
  );

  it('finds and passes the fixture service tenant tables, so the check is not vacuous', async () => {
    const tables = await tenantTables(fixture);
    // Its own tables, and idempotent_reply: the platform table every service database holds
    // for replaying a write's reply by Idempotency-Key (libs/persistence).
    expect(tables.map((t) => t.table)).toEqual(['public.effect', 'public.idempotent_reply', 'public.note']);
    expectIsolated(tables);
  });

  it('flags a tenant table created behind provisioning, until provisioning enforces row-level security again', async () => {
    await fixture.ownerQuery('create table late_note (id uuid primary key, tenant_id uuid not null)');
    const late = (await tenantTables(fixture)).find((t) => t.table === 'public.late_note');
    expect(late).toEqual({ table: 'public.late_note', rowSecurity: false, forced: false, policies: [] });

    const owner = new Client({ connectionString: withDatabase(testDatabaseUrl(), fixture.names.database) });
    await owner.connect();
    try {
      expect(await enforceTenantRowSecurity(owner)).toContain('late_note');
    } finally {
      await owner.end();
    }
    expectIsolated(await tenantTables(fixture));
  });
});

describe("a service's runtime role", () => {
  it.each(SERVICES.map(([service]) => service))(
    "%s: connects to its own database and to no other service's",
    async (service) => {
      const own = services.get(service)!;
      const client = new Client({ connectionString: own.runtimeUrl });
      await client.connect();
      const { rows } = await client.query('select current_user as role, current_database() as database');
      await client.end();
      expect(rows).toEqual([{ role: own.names.appRole, database: own.names.database }]);

      for (const [other, db] of services) {
        if (other === service) continue;
        const intruder = new Client({ connectionString: withDatabase(own.runtimeUrl, db.names.database) });
        await expect(intruder.connect()).rejects.toMatchObject({
          code: '42501',
          message: `permission denied for database "${db.names.database}"`,
        });
      }
    },
  );
});
