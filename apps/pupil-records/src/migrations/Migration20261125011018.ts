import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011018 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "health_note" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "category" text not null, "note" text not null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "health_note_pkey" primary key ("id"));`);
    this.addSql(`create index "health_note_tenant_id_pupil_id_recorded_at_index" on "health_note" ("tenant_id", "pupil_id", "recorded_at");`);

    this.addSql(`create table "guardian" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "title" text null, "forename" text not null, "surname" text not null, "relationship" text not null, "parental_responsibility" boolean not null, "email" text null, "telephone" text null, "address_line1" text null, "address_line2" text null, "address_town" text null, "address_postcode" text null, "priority" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "guardian_pkey" primary key ("id"));`);
    this.addSql(`create index "guardian_tenant_id_pupil_id_priority_index" on "guardian" ("tenant_id", "pupil_id", "priority");`);

    this.addSql(`create table "consent" ("id" uuid not null, "tenant_id" uuid not null, "pupil_id" uuid not null, "kind" text not null, "given_by_type" text not null, "given_by_guardian_id" uuid null, "given_on" date not null, "recorded_by" uuid null, "recorded_at" timestamptz not null, "withdrawn_by_type" text null, "withdrawn_by_guardian_id" uuid null, "withdrawn_on" date null, "withdrawal_reason" text null, "withdrawal_recorded_by" uuid null, "withdrawal_recorded_at" timestamptz null, constraint "consent_pkey" primary key ("id"));`);
    this.addSql(`create index "consent_tenant_id_pupil_id_recorded_at_index" on "consent" ("tenant_id", "pupil_id", "recorded_at");`);
    this.addSql(`create unique index "consent_standing_unique" on "consent" ("pupil_id", "kind") where "withdrawal_recorded_at" is null;`);

    this.addSql(`create table "pupil_photo" ("pupil_id" uuid not null, "tenant_id" uuid not null, "content_type" text not null, "size" int not null, "content" bytea not null, "stored_by" uuid null, "stored_at" timestamptz not null, constraint "pupil_photo_pkey" primary key ("pupil_id"));`);

    this.addSql(`alter table "health_note" add constraint "health_note_pupil_id_foreign" foreign key ("pupil_id") references "pupil" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "guardian" add constraint "guardian_pupil_id_foreign" foreign key ("pupil_id") references "pupil" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "consent" add constraint "consent_pupil_id_foreign" foreign key ("pupil_id") references "pupil" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "pupil_photo" add constraint "pupil_photo_pupil_id_foreign" foreign key ("pupil_id") references "pupil" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "health_note" cascade;`);

    this.addSql(`drop table if exists "guardian" cascade;`);

    this.addSql(`drop table if exists "consent" cascade;`);

    this.addSql(`drop table if exists "pupil_photo" cascade;`);
  }

}
