import { Migration } from '@mikro-orm/migrations';

export class Migration20261206213421 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "credit_note_finance_sync" on "credit_note" ("created_at", "id");`);

    this.addSql(`create index "payment_finance_sync" on "payment" ("created_at", "id");`);

    this.addSql(`create index "subscription_finance_sync" on "subscription" ("updated_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "credit_note_finance_sync";`);

    this.addSql(`drop index "payment_finance_sync";`);

    this.addSql(`drop index "subscription_finance_sync";`);
  }

}
