import { Migration } from '@mikro-orm/migrations';

export class Migration20261206211434 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook_attempt" ("id" uuid not null, "delivery_id" uuid not null, "endpoint_id" uuid not null, "message_id" uuid not null, "attempted_at" timestamptz not null, "outcome" text not null, "response_status" int null, "latency_ms" int not null, "response_body" text not null default '', "error" text null, constraint "webhook_attempt_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_attempt_delivery_id_index" on "webhook_attempt" ("delivery_id");`);
    this.addSql(`create index "webhook_attempt_endpoint_id_attempted_at_id_index" on "webhook_attempt" ("endpoint_id", "attempted_at", "id");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "message_id" uuid not null, "endpoint_id" uuid not null, "status" text not null default 'pending', "failures" int not null default 0, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_attempt_at" timestamptz null, "created_at" timestamptz not null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_due_index" on "webhook_delivery" ("next_attempt_at") where "status" = 'pending';`);
    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_message_id_endpoint_id_unique" unique ("message_id", "endpoint_id");`);

    this.addSql(`create table "webhook_endpoint" ("id" uuid not null, "url" text not null, "description" text not null default '', "event_types" text[] not null, "status" text not null default 'enabled', "disabled_reason" text null, "disabled_at" timestamptz null, "failing_since" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "webhook_endpoint_pkey" primary key ("id"));`);

    this.addSql(`create table "webhook_message" ("id" uuid not null, "event_type" text not null, "occurred_at" timestamptz not null, "school_id" uuid null, "body" text not null, "created_at" timestamptz not null, constraint "webhook_message_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_message_occurred_at_index" on "webhook_message" ("occurred_at");`);

    this.addSql(`create table "webhook_secret" ("id" uuid not null, "endpoint_id" uuid not null, "secret" text not null, "created_at" timestamptz not null, "expires_at" timestamptz null, constraint "webhook_secret_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_secret_endpoint_id_index" on "webhook_secret" ("endpoint_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_attempt" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_endpoint" cascade;`);

    this.addSql(`drop table if exists "webhook_message" cascade;`);

    this.addSql(`drop table if exists "webhook_secret" cascade;`);
  }

}
