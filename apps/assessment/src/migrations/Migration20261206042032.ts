import { Migration } from '@mikro-orm/migrations';

export class Migration20261206042032 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "assessment_on_track_rule" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "kind" text not null, "baseline_point_id" uuid null, "target_kind" text null, "tolerance" double precision null, "set_by" uuid null, "set_at" timestamptz not null, constraint "assessment_on_track_rule_pkey" primary key ("id"));`);
    this.addSql(`alter table "assessment_on_track_rule" add constraint "assessment_on_track_rule_tenant_id_framework_id_unique" unique ("tenant_id", "framework_id");`);

    this.addSql(`create table "assessment_target" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "measure_id" uuid not null, "kind" text not null, "value" text not null, "points" double precision null, "set_by" uuid null, "set_at" timestamptz not null, constraint "assessment_target_pkey" primary key ("id"));`);
    this.addSql(`alter table "assessment_target" add constraint "assessment_target_tenant_id_measure_id_pupil_id_kind_unique" unique ("tenant_id", "measure_id", "pupil_id", "kind");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "assessment_on_track_rule" cascade;`);

    this.addSql(`drop table if exists "assessment_target" cascade;`);
  }

}
