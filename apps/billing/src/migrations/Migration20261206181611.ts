import { Migration } from '@mikro-orm/migrations';

export class Migration20261206181611 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "document_series" ("tenant_id" uuid not null, "series" text not null, "last_number" int not null default 0, constraint "document_series_pkey" primary key ("tenant_id", "series"));`);

    this.addSql(`create table "invoice" ("id" uuid not null, "tenant_id" uuid not null, "subscription_id" uuid not null, "period_from" date not null, "period_to" date not null, "status" text not null default 'draft', "sequence_number" int null, "number" text null, "issued_on" date null, "tax_point" date null, "due_on" date null, "snapshot" jsonb not null, "gross_pence" bigint not null, "credited_pence" bigint not null default 0, "paid_pence" bigint not null default 0, "void_reason" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`create unique index "invoice_subscription_period_unique" on "invoice" ("subscription_id", "period_from", "period_to") where "status" <> 'void';`);
    this.addSql(`alter table "invoice" add constraint "invoice_series_number_unique" unique ("tenant_id", "sequence_number");`);

    this.addSql(`alter table "billing_customer" add column "account_number" serial not null;`);
    this.addSql(`alter table "billing_customer" add constraint "billing_customer_account_number_unique" unique ("account_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "document_series" cascade;`);

    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`alter table "billing_customer" drop constraint "billing_customer_account_number_unique";`);
    this.addSql(`alter table "billing_customer" drop column "account_number";`);
  }

}
