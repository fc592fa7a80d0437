import { Migration } from '@mikro-orm/migrations';

export class Migration20261206041849 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "school_roll" ("tenant_id" uuid not null, "pupils_on_roll" int not null, "as_of" timestamptz not null, constraint "school_roll_pkey" primary key ("tenant_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "school_roll" cascade;`);
  }

}
