import { Migration } from '@mikro-orm/migrations';

export class Migration20261125004405 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rights_request" ("id" uuid not null, "tenant_id" uuid not null, "kind" text not null, "subject_type" text not null, "subject_id" uuid not null, "requested_by_type" text not null, "requested_by_id" uuid null, "received_on" date not null, "notes" text null, "due_on" date not null, "extended_to" date null, "current_due_on" date not null, "extension_months" int null, "extension_reason" text null, "extended_at" timestamptz null, "extended_by" uuid null, "outcome" text null, "completion_summary" text null, "completed_at" timestamptz null, "completed_by" uuid null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "rights_request_pkey" primary key ("id"));`);
    this.addSql(`create index "rights_request_tenant_id_current_due_on_index" on "rights_request" ("tenant_id", "current_due_on");`);
    this.addSql(`create index "rights_request_tenant_id_recorded_at_id_index" on "rights_request" ("tenant_id", "recorded_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rights_request" cascade;`);
  }

}
