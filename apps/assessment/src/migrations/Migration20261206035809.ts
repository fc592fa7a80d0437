import { Migration } from '@mikro-orm/migrations';

export class Migration20261206035809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "assessment_framework" ("id" uuid not null, "tenant_id" uuid not null, "academic_year" text not null, "name" text not null, "adopted_templates" jsonb not null, "created_by" uuid null, "created_at" timestamptz not null, constraint "assessment_framework_pkey" primary key ("id"));`);
    this.addSql(`alter table "assessment_framework" add constraint "assessment_framework_tenant_id_academic_year_unique" unique ("tenant_id", "academic_year");`);

    this.addSql(`create table "assessment_point" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "name" text not null, "date" date not null, "closed_at" timestamptz null, "closed_by" uuid null, "created_at" timestamptz not null, constraint "assessment_point_pkey" primary key ("id"));`);
    this.addSql(`create index "assessment_point_tenant_id_framework_id_index" on "assessment_point" ("tenant_id", "framework_id");`);
    this.addSql(`alter table "assessment_point" add constraint "assessment_point_framework_id_name_unique" unique ("framework_id", "name");`);

    this.addSql(`create table "grade_scale" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "name" text not null, "kind" text not null, "grades" jsonb not null, "range" jsonb null, "template_key" text null, "created_at" timestamptz not null, constraint "grade_scale_pkey" primary key ("id"));`);
    this.addSql(`create index "grade_scale_tenant_id_framework_id_index" on "grade_scale" ("tenant_id", "framework_id");`);

    this.addSql(`create table "measure" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "name" text not null, "grade_scale_id" uuid not null, "created_at" timestamptz not null, constraint "measure_pkey" primary key ("id"));`);
    this.addSql(`create index "measure_tenant_id_framework_id_index" on "measure" ("tenant_id", "framework_id");`);
    this.addSql(`alter table "measure" add constraint "measure_framework_id_name_unique" unique ("framework_id", "name");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "assessment_framework" cascade;`);

    this.addSql(`drop table if exists "assessment_point" cascade;`);

    this.addSql(`drop table if exists "grade_scale" cascade;`);

    this.addSql(`drop table if exists "measure" cascade;`);
  }

}
