import { Migration } from '@mikro-orm/migrations';

export class Migration20261206214138 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "lifecycle_notice" add column "id" uuid not null, add column "recorded_at" timestamptz not null;`);
    this.addSql(`alter table "lifecycle_notice" alter column "sent_at" type timestamptz using ("sent_at"::timestamptz);`);
    this.addSql(`alter table "lifecycle_notice" alter column "sent_at" drop not null;`);
    this.addSql(`create index "lifecycle_notice_sent_at_index" on "lifecycle_notice" ("sent_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "lifecycle_notice_sent_at_index";`);
    this.addSql(`alter table "lifecycle_notice" drop column "id", drop column "recorded_at";`);

    this.addSql(`alter table "lifecycle_notice" alter column "sent_at" type timestamptz(6) using ("sent_at"::timestamptz(6));`);
    this.addSql(`alter table "lifecycle_notice" alter column "sent_at" set not null;`);
  }

}
