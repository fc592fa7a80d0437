import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000015 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit_application" ("id" uuid not null, "tenant_id" uuid not null, "invoice_id" uuid not null, "invoice_number" text not null, "credit_note_id" uuid null, "credit_note_number" text null, "amount_pence" bigint not null, "created_at" timestamptz not null, constraint "credit_application_pkey" primary key ("id"));`);
    this.addSql(`create index "credit_application_invoice_id_index" on "credit_application" ("invoice_id");`);
    this.addSql(`create index "credit_application_credit_note_id_index" on "credit_application" ("credit_note_id");`);
    this.addSql(`create index "credit_application_tenant_id_index" on "credit_application" ("tenant_id");`);

    this.addSql(`create table "refund" ("id" uuid not null, "tenant_id" uuid not null, "credit_note_id" uuid null, "credit_note_number" text null, "method" text not null, "reference" text not null, "amount_pence" bigint not null, "refunded_on" date not null, "created_at" timestamptz not null, constraint "refund_pkey" primary key ("id"));`);
    this.addSql(`create index "refund_credit_note_id_index" on "refund" ("credit_note_id");`);
    this.addSql(`create index "refund_tenant_id_refunded_on_index" on "refund" ("tenant_id", "refunded_on");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit_application" cascade;`);

    this.addSql(`drop table if exists "refund" cascade;`);
  }

}
