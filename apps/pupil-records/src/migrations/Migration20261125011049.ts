import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011049 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pupil_count" ("tenant_id" uuid not null, "pupils_on_roll" int not null default -1, "published_at" timestamptz null, constraint "pupil_count_pkey" primary key ("tenant_id"));`);

    this.addSql(`create table "pupil_erasure" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "requested_by" text not null, "reason" text not null, "rights_request_id" uuid null, "erased_at" timestamptz not null, "erased_by" uuid null, constraint "pupil_erasure_pkey" primary key ("id"));`);
    this.addSql(`create index "pupil_erasure_tenant_id_pupil_id_index" on "pupil_erasure" ("tenant_id", "pupil_id");`);

    this.addSql(`create table "pupil_restriction" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "kind" text not null, "requested_by" text not null, "reason" text not null, "rights_request_id" uuid null, "started_at" timestamptz not null, "started_by" uuid null, "lifted_at" timestamptz null, "lifted_by" uuid null, "lift_reason" text null, "lift_rights_request_id" uuid null, constraint "pupil_restriction_pkey" primary key ("id"));`);
    this.addSql(`create index "pupil_restriction_tenant_id_pupil_id_started_at_index" on "pupil_restriction" ("tenant_id", "pupil_id", "started_at");`);

    this.addSql(`create table "school_status" ("tenant_id" uuid not null, "status" text not null, "data_processing_allowed" boolean not null default false, "as_of" timestamptz not null, constraint "school_status_pkey" primary key ("tenant_id"));`);

    this.addSql(`alter table "pupil_restriction" add constraint "pupil_restriction_pupil_id_foreign" foreign key ("pupil_id") references "pupil" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pupil_count" cascade;`);

    this.addSql(`drop table if exists "pupil_erasure" cascade;`);

    this.addSql(`drop table if exists "pupil_restriction" cascade;`);

    this.addSql(`drop table if exists "school_status" cascade;`);
  }

}
