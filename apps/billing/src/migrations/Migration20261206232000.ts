import { Migration } from '@mikro-orm/migrations';

/**
 * P27: the retention job finds a school's webhook messages by `school_id` (an index, so it
 * is not a scan of every school's log). Messages of finance's own writes (invoice issued,
 * payment recorded) were stored without it (their events are staged outside any school's
 * tenancy); every payload names its school, so it is filled in from the signed body.
 */
export class Migration20261206232000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`update "webhook_message" set "school_id" = ("body"::jsonb -> 'data' ->> 'schoolId')::uuid where "school_id" is null and "body"::jsonb -> 'data' ->> 'schoolId' is not null;`);
    this.addSql(`create index "webhook_message_school_id_index" on "webhook_message" ("school_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "webhook_message_school_id_index";`);
  }

}
