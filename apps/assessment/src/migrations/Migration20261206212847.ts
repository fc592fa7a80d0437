import { Migration } from '@mikro-orm/migrations';

export class Migration20261206212847 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "parent_report" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "point_id" uuid not null, "batch_id" uuid null, "issued_by" uuid null, "issued_at" timestamptz not null, "size" int not null, "sha256" text not null, "content" bytea not null, constraint "parent_report_pkey" primary key ("id"));`);
    this.addSql(`create index "parent_report_tenant_id_point_id_index" on "parent_report" ("tenant_id", "point_id");`);
    this.addSql(`create index "parent_report_tenant_id_pupil_id_issued_at_index" on "parent_report" ("tenant_id", "pupil_id", "issued_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "parent_report" cascade;`);
  }

}
