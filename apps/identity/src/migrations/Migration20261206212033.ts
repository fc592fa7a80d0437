import { Migration } from '@mikro-orm/migrations';

/** The gateway's Idempotency-Key records (the generator's maintenance check-constraint churn left out). */
export class Migration20261206212033 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_record" ("caller" text not null, "key_hash" text not null, "fingerprint" text not null, "started_at" timestamptz not null, "expires_at" timestamptz not null, "completed_at" timestamptz null, "status" int null, "headers" jsonb null, "body" text null, constraint "idempotency_record_pkey" primary key ("caller", "key_hash"));`);
    this.addSql(`create index "idempotency_record_expires_at_index" on "idempotency_record" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
  }

}
