import { Migration } from '@mikro-orm/migrations';

export class Migration20261206231648 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "grace_charge_finance_sync" on "grace_charge" ("charged_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "grace_charge_finance_sync";`);
  }

}
