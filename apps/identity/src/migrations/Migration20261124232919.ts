import { Migration } from '@mikro-orm/migrations';

export class Migration20261124232919 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "access_review" ("id" uuid not null, "tenant_id" uuid not null, "reviewed_by" uuid not null, "reviewed_at" timestamptz not null default now(), "notes" text null, "user_count" int not null, "inactive_count" int not null, constraint "access_review_pkey" primary key ("id"));`);
    this.addSql(`create index "access_review_tenant_id_reviewed_at_index" on "access_review" ("tenant_id", "reviewed_at");`);

    this.addSql(`create table "custom_role" ("id" uuid not null, "tenant_id" uuid not null, "name" text not null, "permissions" text[] not null, "created_at" timestamptz not null default now(), "version" int not null default 1, constraint "custom_role_pkey" primary key ("id"));`);
    this.addSql(`create unique index "custom_role_tenant_name_unique" on "custom_role" ("tenant_id", lower("name"));`);

    this.addSql(`create table "user_token" ("id" uuid not null, "tenant_id" uuid null, "user_id" uuid not null, "purpose" text not null, "token_hash" text not null, "expires_at" timestamptz not null, "created_at" timestamptz not null default now(), constraint "user_token_pkey" primary key ("id"));`);
    this.addSql(`create index "user_token_tenant_id_index" on "user_token" ("tenant_id");`);
    this.addSql(`create index "user_token_user_id_index" on "user_token" ("user_id");`);
    this.addSql(`alter table "user_token" add constraint "user_token_token_hash_unique" unique ("token_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "access_review" cascade;`);

    this.addSql(`drop table if exists "custom_role" cascade;`);

    this.addSql(`drop table if exists "user_token" cascade;`);
  }

}
