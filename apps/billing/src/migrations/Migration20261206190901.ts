import { Migration } from '@mikro-orm/migrations';

export class Migration20261206190901 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "payment" ("id" uuid not null, "tenant_id" uuid not null, "method" text not null, "reference" text not null, "amount_pence" bigint not null, "received_on" date not null, "unallocated_pence" bigint not null, "created_at" timestamptz not null, constraint "payment_pkey" primary key ("id"));`);
    this.addSql(`create index "payment_tenant_id_received_on_index" on "payment" ("tenant_id", "received_on");`);

    this.addSql(`create table "payment_allocation" ("payment_id" uuid not null, "invoice_id" uuid not null, "tenant_id" uuid not null, "invoice_number" text not null, "amount_pence" bigint not null, constraint "payment_allocation_pkey" primary key ("payment_id", "invoice_id"));`);
    this.addSql(`create index "payment_allocation_invoice_id_index" on "payment_allocation" ("invoice_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "payment_allocation" cascade;`);
  }

}
