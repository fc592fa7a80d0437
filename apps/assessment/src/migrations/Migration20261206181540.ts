import { Migration } from '@mikro-orm/migrations';

export class Migration20261206181540 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "erased_pupil" ("pupil_id" uuid not null, "tenant_id" uuid not null, "erased_at" timestamptz not null, constraint "erased_pupil_pkey" primary key ("pupil_id"));`);

    this.addSql(`create table "pupil_period" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "version" int not null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "year_group" text not null, "class_group_id" uuid null, "gender" text not null, "ethnicity" text null, "sen_status" text not null, "fsm" boolean not null, "fsm6" boolean not null, "pupil_premium" boolean not null, "eal" boolean not null, "in_la_care" boolean not null, "ever_in_care" boolean not null, "gifted_and_talented" boolean not null, "disadvantaged" boolean generated always as (fsm6 or in_la_care or ever_in_care) stored not null, "entry_date" date null, "leaving_date" date null, "restricted" boolean not null, constraint "pupil_period_pkey" primary key ("id"));`);
    this.addSql(`create index "pupil_period_tenant_id_class_group_id_index" on "pupil_period" ("tenant_id", "class_group_id");`);
    this.addSql(`create index "pupil_period_tenant_id_pupil_id_valid_from_index" on "pupil_period" ("tenant_id", "pupil_id", "valid_from");`);
    this.addSql(`create unique index "pupil_period_open_unique" on "pupil_period" ("tenant_id", "pupil_id") where valid_to is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erased_pupil" cascade;`);

    this.addSql(`drop table if exists "pupil_period" cascade;`);
  }

}
