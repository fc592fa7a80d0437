import { Migration } from '@mikro-orm/migrations';

export class Migration20261124230443 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "session" ("id" uuid not null, "tenant_id" uuid null, "user_id" uuid not null, "refresh_hash" text not null, "previous_refresh_hashes" text[] not null, "created_at" timestamptz not null default now(), "last_seen_at" timestamptz not null default now(), "expires_at" timestamptz not null, "ended_at" timestamptz null, "end_reason" text null, "user_agent" text null, "ip" text null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`create index "session_tenant_id_index" on "session" ("tenant_id");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "signing_key" ("kid" text not null, "algorithm" text not null, "public_jwk" jsonb not null, "private_key_pem" text not null, "created_at" timestamptz not null default now(), "retired_at" timestamptz null, constraint "signing_key_pkey" primary key ("kid"));`);

    this.addSql(`create table "user_account" ("id" uuid not null, "tenant_id" uuid null, "kind" text not null, "username" text not null, "email" text not null, "title" text null, "first_name" text not null, "last_name" text not null, "password_hash" text null, "roles" text[] not null, "status" text not null default 'invited', "last_sign_in_at" timestamptz null, "created_at" timestamptz not null default now(), "version" int not null default 1, constraint "user_account_pkey" primary key ("id"));`);
    this.addSql(`create index "user_account_tenant_id_index" on "user_account" ("tenant_id");`);
    this.addSql(`create unique index "user_account_email_unique" on "user_account" (lower("email"));`);
    this.addSql(`create unique index "user_account_username_unique" on "user_account" (lower("username"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "signing_key" cascade;`);

    this.addSql(`drop table if exists "user_account" cascade;`);
  }

}
