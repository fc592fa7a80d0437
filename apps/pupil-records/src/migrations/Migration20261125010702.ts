import { Migration } from '@mikro-orm/migrations';

export class Migration20261125010702 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "class_group" ("id" uuid not null, "tenant_id" uuid not null, "name" text not null, "year_group" text null, "created_at" timestamptz not null, "version" int not null default 1, constraint "class_group_pkey" primary key ("id"));`);
    this.addSql(`alter table "class_group" add constraint "class_group_tenant_id_name_unique" unique ("tenant_id", "name");`);

    this.addSql(`create table "pupil" ("id" uuid not null, "tenant_id" uuid not null, "upn" text not null, "legal_forename" text not null, "legal_surname" text not null, "middle_names" text null, "preferred_forename" text null, "preferred_surname" text null, "date_of_birth" date not null, "gender" text not null default 'U', "ethnicity" text null, "year_group" text not null, "class_group_id" uuid null, "attendance_possible" int null, "attendance_attended" int null, "sen_status" text not null default 'none', "sen_needs" text[] null, "fsm" boolean not null default false, "fsm6" boolean not null default false, "pupil_premium" boolean not null default false, "eal" boolean not null default false, "in_la_care" boolean not null default false, "ever_in_care" boolean not null default false, "gifted_and_talented" boolean not null default false, "entry_date" date null, "leaving_date" date null, "has_photo" boolean not null default false, "special_category_consent" boolean not null default false, "photo_consent" boolean not null default false, "restricted" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "pupil_pkey" primary key ("id"));`);
    this.addSql(`create index "pupil_tenant_id_class_group_id_index" on "pupil" ("tenant_id", "class_group_id");`);
    this.addSql(`create index "pupil_tenant_id_year_group_index" on "pupil" ("tenant_id", "year_group");`);
    this.addSql(`create index "pupil_tenant_id_legal_surname_legal_forename_id_index" on "pupil" ("tenant_id", "legal_surname", "legal_forename", "id");`);
    this.addSql(`alter table "pupil" add constraint "pupil_tenant_id_upn_unique" unique ("tenant_id", "upn");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "class_group" cascade;`);

    this.addSql(`drop table if exists "pupil" cascade;`);
  }

}
