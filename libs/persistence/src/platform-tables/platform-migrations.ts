import { Client } from 'pg';

/**
 * A migration of the tables the platform keeps in every service's database (the outbox
 * and the consumers' inbox), owned here rather than copied into each service's first
 * migration. Statements are written to be harmless on a database whose service migration
 * made the same tables before the platform owned them (IF NOT EXISTS), so existing
 * databases only record them as applied.
 */
export interface PlatformMigration {
  /** Recorded in `platform_migrations`; never renamed once released. */
  name: string;
  sql: string[];
}

/** Which platform migrations a database has had (kept apart from the service's own history). */
export const PLATFORM_MIGRATIONS_TABLE = 'platform_migrations';

export const PLATFORM_MIGRATIONS: readonly PlatformMigration[] = [
  {
    // What every service's first migration created until the platform owned these tables.
    name: 'Platform20261206000000EventTables',
    sql: [
      `create table if not exists "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "attempts" int not null default 0, constraint "outbox_pkey" primary key ("id"));`,
      `create table if not exists "parked_event" ("id" uuid not null, "consumer" text not null, "event_id" text null, "subject" text not null, "raw" text not null, "reason" text not null, "deliveries" int not null, "parked_at" timestamptz not null default now(), constraint "parked_event_pkey" primary key ("id"));`,
      `create table if not exists "processed_event" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null default now(), constraint "processed_event_pkey" primary key ("consumer", "event_id"));`,
      `create index if not exists "processed_event_processed_at_index" on "processed_event" ("processed_at");`,
    ],
  },
  {
    // Idempotency-Key replies recorded with the write they answer (idempotent-delivery.ts).
    // tenant_id makes it school data: row-level security walls it and a school's purge empties it.
    name: 'Platform20261207010000IdempotentReply',
    sql: [
      `create table if not exists "idempotent_reply" ("id" text not null, "tenant_id" uuid null, "pattern" text not null, "fingerprint" text not null, "reply" jsonb null, "created_at" timestamptz not null default now(), constraint "idempotent_reply_pkey" primary key ("id"));`,
      `create index if not exists "idempotent_reply_created_at_index" on "idempotent_reply" ("created_at");`,
    ],
  },
];

/**
 * Applies the platform migrations a database has not had, in order, each in its own
 * transaction with its record. Run as the owner, under provisioning's migration lock,
 * before the service's own migrations (which may refer to these tables, e.g. a function
 * that writes the outbox).
 */
export async function applyPlatformMigrations(
  owner: Client,
  migrations: readonly PlatformMigration[] = PLATFORM_MIGRATIONS,
): Promise<string[]> {
  await owner.query(
    `create table if not exists "${PLATFORM_MIGRATIONS_TABLE}" ("name" text not null, "applied_at" timestamptz not null default now(), constraint "${PLATFORM_MIGRATIONS_TABLE}_pkey" primary key ("name"))`,
  );
  const applied = new Set(
    (await owner.query<{ name: string }>(`select name from "${PLATFORM_MIGRATIONS_TABLE}"`)).rows.map((r) => r.name),
  );
  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await owner.query('begin');
    try {
      for (const sql of migration.sql) await owner.query(sql);
      await owner.query(`insert into "${PLATFORM_MIGRATIONS_TABLE}" (name) values ($1)`, [migration.name]);
      await owner.query('commit');
    } catch (error) {
      await owner.query('rollback');
      throw error;
    }
    ran.push(migration.name);
  }
  return ran;
}
