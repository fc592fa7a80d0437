import { Migration } from '@mikro-orm/migrations';

/** Idempotency-Key records in flight carry a lease: the gateway instance running them, and until when. */
export class Migration20261207005654 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "idempotency_record" add column "owner" text null, add column "lease_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "idempotency_record" drop column "owner", drop column "lease_until";`);
  }

}
