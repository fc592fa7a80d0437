import { Migration } from '@mikro-orm/migrations';

export class Migration20261206211226 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "ks4_measure_role" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "measure_id" uuid not null, "role" text not null, constraint "ks4_measure_role_pkey" primary key ("id"));`);
    this.addSql(`create index "ks4_measure_role_tenant_id_framework_id_index" on "ks4_measure_role" ("tenant_id", "framework_id");`);
    this.addSql(`alter table "ks4_measure_role" add constraint "ks4_measure_role_tenant_id_measure_id_unique" unique ("tenant_id", "measure_id");`);

    this.addSql(`create table "prior_attainment" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "pupil_id" uuid not null, "score" double precision not null, "set_by" uuid null, "set_at" timestamptz not null, constraint "prior_attainment_pkey" primary key ("id"));`);
    this.addSql(`create index "prior_attainment_tenant_id_pupil_id_index" on "prior_attainment" ("tenant_id", "pupil_id");`);
    this.addSql(`alter table "prior_attainment" add constraint "prior_attainment_tenant_id_framework_id_pupil_id_unique" unique ("tenant_id", "framework_id", "pupil_id");`);

    this.addSql(`create table "progress8_baseline" ("id" uuid not null, "tenant_id" uuid not null, "framework_id" uuid not null, "kind" text not null, "label" text not null, "estimates" jsonb not null, "set_by" uuid null, "set_at" timestamptz not null, constraint "progress8_baseline_pkey" primary key ("id"));`);
    this.addSql(`alter table "progress8_baseline" add constraint "progress8_baseline_tenant_id_framework_id_unique" unique ("tenant_id", "framework_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ks4_measure_role" cascade;`);

    this.addSql(`drop table if exists "prior_attainment" cascade;`);

    this.addSql(`drop table if exists "progress8_baseline" cascade;`);
  }

}
