import { Migration } from '@mikro-orm/migrations';

export class Migration20261124224218 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox" ("id" uuid not null, "subject" text not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "attempts" int not null default 0, constraint "outbox_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "parked_event" ("id" uuid not null, "consumer" text not null, "event_id" text null, "subject" text not null, "raw" text not null, "reason" text not null, "deliveries" int not null, "parked_at" timestamptz not null default now(), constraint "parked_event_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "processed_event" ("consumer" text not null, "event_id" uuid not null, "processed_at" timestamptz not null default now(), constraint "processed_event_pkey" primary key ("consumer", "event_id"));`,
    );
    this.addSql(`create index "processed_event_processed_at_index" on "processed_event" ("processed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "parked_event" cascade;`);

    this.addSql(`drop table if exists "processed_event" cascade;`);
  }
}
