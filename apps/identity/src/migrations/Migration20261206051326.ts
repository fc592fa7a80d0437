import { Migration } from '@mikro-orm/migrations';

/** When a session's refresh token last rotated: the grace in which its predecessor still answers (issue 15, item 3). */
export class Migration20261206051326 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "session" add column "refresh_rotated_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "session" drop column "refresh_rotated_at";`);
  }

}
