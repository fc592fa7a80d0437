import { Migration } from '@mikro-orm/migrations';

export class Migration20261206040912 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "assessment_result" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "measure_id" uuid not null, "point_id" uuid not null, "value" text not null, "points" double precision null, "comment" text null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "assessment_result_pkey" primary key ("id"));`);
    this.addSql(`create index "assessment_result_tenant_id_pupil_id_index" on "assessment_result" ("tenant_id", "pupil_id");`);
    this.addSql(`alter table "assessment_result" add constraint "assessment_result_tenant_id_point_id_measure_id_pupil_id_unique" unique ("tenant_id", "point_id", "measure_id", "pupil_id");`);

    this.addSql(`create table "assessment_result_history" ("id" uuid not null, "tenant_id" uuid not null, "result_id" uuid not null, "pupil_id" uuid not null, "measure_id" uuid not null, "point_id" uuid not null, "old_value" text null, "new_value" text not null, "old_comment" text null, "new_comment" text null, "changed_by" uuid null, "changed_at" timestamptz not null, constraint "assessment_result_history_pkey" primary key ("id"));`);
    this.addSql(`create index "assessment_result_history_tenant_id_point_id_measu_1834f_index" on "assessment_result_history" ("tenant_id", "point_id", "measure_id", "pupil_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "assessment_result" cascade;`);

    this.addSql(`drop table if exists "assessment_result_history" cascade;`);
  }

}
