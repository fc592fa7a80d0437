import { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { dropDatabaseAndRole, testDatabaseUrl, uniqueTestName } from '@pt/testing';
import { Client } from 'pg';
import { databaseNames, DatabaseNames, withDatabase } from '../database-names';
import { ormOptions } from '../orm-options';
import { provisionDatabase } from '../provisioning';
import { PLATFORM_MIGRATIONS } from './platform-migrations';

const adminUrl = testDatabaseUrl();
// The event tables and the Idempotency-Key replies (idempotent-delivery.ts).
const EVENT_TABLES = ['idempotent_reply', 'outbox', 'parked_event', 'processed_event'];

/** A service whose first migration only makes its own table, as a new service's does. */
class OwnTablesOnly20261206000000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "widget" ("id" uuid not null primary key, "tenant_id" uuid not null);`);
  }
}

/** What every service's first migration made before the platform owned the event tables. */
const OLD_FIRST_MIGRATION = [
  `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "attempts" int not null default 0, constraint "outbox_pkey" primary key ("id"));`,
  `create table "parked_event" ("id" uuid not null, "consumer" text not null, "event_id" text null, "subject" text not null, "raw" text not null, "reason" text not null, "deliveries" int not null, "parked_at" timestamptz not null default now(), constraint "parked_event_pkey" primary key ("id"));`,
  `create table "processed_event" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null default now(), constraint "processed_event_pkey" primary key ("consumer", "event_id"));`,
  `create index "processed_event_processed_at_index" on "processed_event" ("processed_at");`,
];

/** That first migration as the service lists it today: emptied, still on record. */
class First20261124000000 extends Migration {
  override async up(): Promise<void> {}
}

const provisioned: DatabaseNames[] = [];

afterAll(() => Promise.all(provisioned.map((names) => dropDatabaseAndRole(adminUrl, names))));

function provision(names: DatabaseNames, migrations: MigrationObject[]) {
  const orm = ormOptions({
    service: 'platform-tables',
    clientUrl: adminUrl,
    entities: [],
    migrations,
    migrationsPathTs: 'unused',
    poolMax: 2,
  });
  return provisionDatabase({ adminUrl, names, appPassword: 'platform-tables-password', orm });
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const tablesOf = async (url: string) =>
  (
    await query<{ name: string }>(
      url,
      `select table_name as name from information_schema.tables where table_schema = 'public' order by 1`,
    )
  ).map((row) => row.name);

describe('the platform tables in every service database', () => {
  it("come from the platform's own migrations, before the service's, whose first migration holds only its own tables", async () => {
    const names = databaseNames(`${uniqueTestName('platformnew')}_`, 'platform-tables');
    provisioned.push(names);
    const result = await provision(names, [
      { name: 'OwnTablesOnly20261206000000', class: OwnTablesOnly20261206000000 },
    ]);

    expect(result.migrationsApplied).toEqual([
      ...PLATFORM_MIGRATIONS.map((m) => m.name),
      'OwnTablesOnly20261206000000',
    ]);
    const ownerUrl = withDatabase(adminUrl, names.database);
    expect(await tablesOf(ownerUrl)).toEqual(
      ['mikro_orm_migrations', ...EVENT_TABLES, 'platform_migrations', 'widget'].sort(),
    );
    expect(await query(ownerUrl, 'select name from platform_migrations')).toEqual(
      PLATFORM_MIGRATIONS.map((m) => ({ name: m.name })),
    );

    // The runtime role writes the outbox and inbox as before, and cannot touch either history.
    await query(
      result.runtimeUrl,
      `insert into outbox (id, subject, envelope) values (gen_random_uuid(), 'evt.a.b.c', '{}')`,
    );
    await query(result.runtimeUrl, `insert into processed_event (consumer, event_id) values ('c', gen_random_uuid())`);
    await expect(query(result.runtimeUrl, 'select * from platform_migrations')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(query(result.runtimeUrl, 'select * from mikro_orm_migrations')).rejects.toMatchObject({
      code: '42501',
    });

    // A restart finds nothing left to do.
    expect(
      (await provision(names, [{ name: 'OwnTablesOnly20261206000000', class: OwnTablesOnly20261206000000 }]))
        .migrationsApplied,
    ).toEqual([]);
  });

  it("take over the tables of a database made before they were the platform's, keeping their rows", async () => {
    const names = databaseNames(`${uniqueTestName('platformold')}_`, 'platform-tables');
    provisioned.push(names);
    const ownerUrl = withDatabase(adminUrl, names.database);
    // The database as an older release left it: the service's first migration made the
    // event tables, its history records it, and there is no platform history.
    await query(adminUrl, `create database "${names.database}"`);
    await query(
      ownerUrl,
      `create table "mikro_orm_migrations" ("id" serial primary key, "name" varchar(255), "executed_at" timestamptz default current_timestamp)`,
    );
    for (const sql of OLD_FIRST_MIGRATION) await query(ownerUrl, sql);
    await query(ownerUrl, `insert into mikro_orm_migrations (name) values ('First20261124000000')`);
    await query(ownerUrl, `insert into outbox (id, subject, envelope) values (gen_random_uuid(), 'evt.a.b.c', '{}')`);

    const result = await provision(names, [{ name: 'First20261124000000', class: First20261124000000 }]);

    expect(result.migrationsApplied).toEqual(PLATFORM_MIGRATIONS.map((m) => m.name));
    expect(await query(ownerUrl, 'select count(*)::int as n from outbox')).toEqual([{ n: 1 }]);
    expect(await query(ownerUrl, 'select name from platform_migrations')).toEqual(
      PLATFORM_MIGRATIONS.map((m) => ({ name: m.name })),
    );
    await query(result.runtimeUrl, `insert into processed_event (consumer, event_id) values ('c', gen_random_uuid())`);
  });
});
