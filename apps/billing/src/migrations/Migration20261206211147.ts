import { Migration } from '@mikro-orm/migrations';

export class Migration20261206211147 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "invoice_finance_sync" on "invoice" ("updated_at", "id") where "status" <> 'draft';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "invoice_finance_sync";`);
  }

}
