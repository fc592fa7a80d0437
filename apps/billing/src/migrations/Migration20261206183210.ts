import { Migration } from '@mikro-orm/migrations';

export class Migration20261206183210 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credit_note" ("id" uuid not null, "tenant_id" uuid not null, "invoice_id" uuid not null, "sequence_number" int not null, "number" text not null, "issued_on" date not null, "snapshot" jsonb not null, "net_pence" bigint not null, "vat_pence" bigint not null, "gross_pence" bigint not null, "applied_to_invoice_pence" bigint not null, "owed_to_school_pence" bigint not null, "created_at" timestamptz not null, constraint "credit_note_pkey" primary key ("id"));`);
    this.addSql(`create index "credit_note_invoice_id_index" on "credit_note" ("invoice_id");`);
    this.addSql(`alter table "credit_note" add constraint "credit_note_series_number_unique" unique ("tenant_id", "sequence_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credit_note" cascade;`);
  }

}
