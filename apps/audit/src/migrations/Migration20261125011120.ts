import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011120 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rights_action" ("id" uuid not null, "tenant_id" uuid not null, "request_id" uuid not null, "operation" text not null, "outcome" text not null, "error_code" text null, "result_id" text null, "summary" text not null, "performed_at" timestamptz not null, "performed_by" uuid null, constraint "rights_action_pkey" primary key ("id"));`);
    this.addSql(`create index "rights_action_tenant_id_request_id_index" on "rights_action" ("tenant_id", "request_id");`);

    this.addSql(`create table "rights_export" ("id" uuid not null, "tenant_id" uuid not null, "request_id" uuid not null, "store_name" text not null, "file_name" text not null, "size_bytes" int not null, "token_hash" text not null, "expires_at" timestamptz not null, "produced_at" timestamptz not null, "produced_by" uuid null, "downloaded_at" timestamptz null, "downloaded_by" uuid null, constraint "rights_export_pkey" primary key ("id"));`);
    this.addSql(`alter table "rights_export" add constraint "rights_export_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "rights_export_tenant_id_request_id_index" on "rights_export" ("tenant_id", "request_id");`);

    this.addSql(`create table "rights_reminder" ("id" uuid not null, "tenant_id" uuid not null, "request_id" uuid not null, "stage" text not null, "recipients" int not null, "sent_at" timestamptz not null, constraint "rights_reminder_pkey" primary key ("id"));`);
    this.addSql(`alter table "rights_reminder" add constraint "rights_reminder_request_id_stage_unique" unique ("request_id", "stage");`);

    this.addSql(`alter table "rights_request" add column "identity_check_method" text null, add column "identity_check_note" text null, add column "identity_checked_at" timestamptz null, add column "identity_checked_by" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rights_action" cascade;`);

    this.addSql(`drop table if exists "rights_export" cascade;`);

    this.addSql(`drop table if exists "rights_reminder" cascade;`);

    this.addSql(`alter table "rights_request" drop column "identity_check_method", drop column "identity_check_note", drop column "identity_checked_at", drop column "identity_checked_by";`);
  }

}
