import { Migration } from '@mikro-orm/migrations';

export class Migration20261206035735 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "plan" ("id" uuid not null, "code" text not null, "name" text not null, "created_at" timestamptz not null, "created_by" uuid null, constraint "plan_pkey" primary key ("id"));`);
    this.addSql(`alter table "plan" add constraint "plan_code_unique" unique ("code");`);

    this.addSql(`create table "plan_price_version" ("id" uuid not null, "plan_id" uuid not null, "effective_from" date not null, "base_fee_pence" int not null, "per_pupil" jsonb not null, "vat_rate_basis_points" int not null, "created_at" timestamptz not null, "created_by" uuid null, constraint "plan_price_version_pkey" primary key ("id"));`);
    this.addSql(`create index "plan_price_version_plan_id_index" on "plan_price_version" ("plan_id");`);
    this.addSql(`alter table "plan_price_version" add constraint "plan_price_version_plan_id_effective_from_unique" unique ("plan_id", "effective_from");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "plan" cascade;`);

    this.addSql(`drop table if exists "plan_price_version" cascade;`);
  }

}
