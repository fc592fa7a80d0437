import { Migration } from '@mikro-orm/migrations';

export class Migration20261206040933 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "billing_customer" ("tenant_id" uuid not null, "since" timestamptz not null, constraint "billing_customer_pkey" primary key ("tenant_id"));`);

    this.addSql(`create table "subscription" ("id" uuid not null, "tenant_id" uuid not null, "plan_id" uuid not null, "price_version_id" uuid not null, "starts_on" date not null, "ends_on" date not null, "pupils" int not null, "billing_contact_email" text not null, "purchase_order_number" text null, "legal_entity" jsonb not null, "status" text not null default 'active', "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "subscription_pkey" primary key ("id"));`);
    this.addSql(`alter table "subscription" add constraint "subscription_tenant_id_unique" unique ("tenant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "billing_customer" cascade;`);

    this.addSql(`drop table if exists "subscription" cascade;`);
  }

}
