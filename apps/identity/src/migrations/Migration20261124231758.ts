import { Migration } from '@mikro-orm/migrations';

export class Migration20261124231758 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "school" ("id" uuid not null, "name" text not null, "la_code" text not null, "establishment_number" text not null, "address_line1" text not null, "address_line2" text null, "address_town" text not null, "address_county" text null, "address_postcode" text not null, "contact_name" text not null, "contact_email" text not null, "contact_telephone" text null, "status" text not null default 'onboarding', "dpa_signed_by_name" text null, "dpa_signed_by_role" text null, "dpa_terms_version" text null, "dpa_signed_at" timestamptz null, "dpa_recorded_by" uuid null, "password_policy" jsonb null, "concurrent_sessions" text not null default 'replace', "created_at" timestamptz not null default now(), "version" int not null default 1, constraint "school_pkey" primary key ("id"));`);
    this.addSql(`alter table "school" add constraint "school_la_code_establishment_number_unique" unique ("la_code", "establishment_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "school" cascade;`);
  }

}
