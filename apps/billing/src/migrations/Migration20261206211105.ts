import { Migration } from '@mikro-orm/migrations';

export class Migration20261206211105 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "grace_charge" ("id" uuid not null, "tenant_id" uuid not null, "charged_at" timestamptz not null, "resource" text not null, "price_version_id" uuid not null, "net_pence" bigint not null, "vat_rate_basis_points" int not null, "vat_pence" bigint not null, "gross_pence" bigint not null, constraint "grace_charge_pkey" primary key ("id"));`);
    this.addSql(`create index "grace_charge_tenant_id_charged_at_index" on "grace_charge" ("tenant_id", "charged_at");`);

    this.addSql(`create table "lifecycle_notice" ("subscription_id" uuid not null, "kind" text not null, "announced_day" date not null, "tenant_id" uuid not null, "sent_at" timestamptz not null, constraint "lifecycle_notice_pkey" primary key ("subscription_id", "kind", "announced_day"));`);

    this.addSql(`create table "school_purge" ("id" uuid not null, "tenant_id" uuid not null, "subscription_id" uuid not null, "ended_on" date not null, "purge_due_on" date not null, "financial_records_kept_until" date not null, "scheduled_at" timestamptz not null, "started_at" timestamptz null, "completed_at" timestamptz null, "financial_records_deleted_at" timestamptz null, constraint "school_purge_pkey" primary key ("id"));`);
    this.addSql(`create index "school_purge_purge_due_on_index" on "school_purge" ("purge_due_on");`);
    this.addSql(`create index "school_purge_financial_records_kept_until_index" on "school_purge" ("financial_records_kept_until");`);
    this.addSql(`alter table "school_purge" add constraint "school_purge_tenant_id_unique" unique ("tenant_id");`);

    this.addSql(`create table "school_purge_confirmation" ("purge_id" uuid not null, "service" text not null, "tenant_id" uuid not null, "deleted" jsonb not null, "confirmed_at" timestamptz not null, constraint "school_purge_confirmation_pkey" primary key ("purge_id", "service"));`);

    this.addSql(`alter table "subscription" add column "expired_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "grace_charge" cascade;`);

    this.addSql(`drop table if exists "lifecycle_notice" cascade;`);

    this.addSql(`drop table if exists "school_purge" cascade;`);

    this.addSql(`drop table if exists "school_purge_confirmation" cascade;`);

    this.addSql(`alter table "subscription" drop column "expired_at";`);
  }

}
