import { Migration } from '@mikro-orm/migrations';

export class Migration20261125002844 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "breach_incident" ("id" uuid not null, "detected_at" timestamptz not null, "nature" text not null, "data_categories" text[] not null, "approx_people" int not null, "approx_records" int not null, "likely_consequences" text not null, "measures_taken" text not null, "contact_point" text not null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "breach_incident_pkey" primary key ("id"));`);
    this.addSql(`create index "breach_incident_recorded_at_id_index" on "breach_incident" ("recorded_at", "id");`);

    this.addSql(`create table "breach_school" ("id" uuid not null, "incident_id" uuid not null, "school_id" uuid not null, "added_at" timestamptz not null, "notified_at" timestamptz null, "recipients" int null, constraint "breach_school_pkey" primary key ("id"));`);
    this.addSql(`alter table "breach_school" add constraint "breach_school_incident_id_school_id_unique" unique ("incident_id", "school_id");`);

    this.addSql(`create table "breach_update" ("id" uuid not null, "incident_id" uuid not null, "note" text not null, "measures_taken" text null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "breach_update_pkey" primary key ("id"));`);
    this.addSql(`create index "breach_update_incident_id_recorded_at_index" on "breach_update" ("incident_id", "recorded_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "breach_incident" cascade;`);

    this.addSql(`drop table if exists "breach_school" cascade;`);

    this.addSql(`drop table if exists "breach_update" cascade;`);
  }

}
