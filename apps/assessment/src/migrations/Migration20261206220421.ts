import { Migration } from '@mikro-orm/migrations';

export class Migration20261206220421 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "national_progress8_estimates" ("academic_year" text not null, "estimates" jsonb not null, "set_by" uuid null, "set_at" timestamptz not null, constraint "national_progress8_estimates_pkey" primary key ("academic_year"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "national_progress8_estimates" cascade;`);
  }

}
