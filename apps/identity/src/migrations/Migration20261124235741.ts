import { Migration } from '@mikro-orm/migrations';

export class Migration20261124235741 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "support_grant" ("id" uuid not null, "tenant_id" uuid not null, "granted_by" uuid not null, "reason" text not null, "permissions" text[] not null, "starts_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by" uuid null, constraint "support_grant_pkey" primary key ("id"));`);
    this.addSql(`create index "support_grant_tenant_id_expires_at_index" on "support_grant" ("tenant_id", "expires_at");`);

    this.addSql(`create table "support_session" ("session_id" uuid not null, "grant_id" uuid not null, "tenant_id" uuid not null, constraint "support_session_pkey" primary key ("session_id"));`);
    this.addSql(`create index "support_session_grant_id_index" on "support_session" ("grant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "support_grant" cascade;`);

    this.addSql(`drop table if exists "support_session" cascade;`);
  }

}
