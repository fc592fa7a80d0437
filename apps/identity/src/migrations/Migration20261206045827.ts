import { Migration } from '@mikro-orm/migrations';

export class Migration20261206045827 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "maintenance_schedule_step" add column "mode" text not null default 'offline';`);
    this.addSql(`alter table "maintenance_schedule_step" add constraint maintenance_schedule_step_mode check(mode in ('read-only', 'offline'));`);

    this.addSql(`alter table "maintenance_window" add column "mode" text not null default 'offline';`);
    this.addSql(`alter table "maintenance_window" add constraint maintenance_window_mode check(mode in ('read-only', 'offline'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "maintenance_schedule_step" drop constraint maintenance_schedule_step_mode;`);
    this.addSql(`alter table "maintenance_schedule_step" drop column "mode";`);

    this.addSql(`alter table "maintenance_window" drop constraint maintenance_window_mode;`);
    this.addSql(`alter table "maintenance_window" drop column "mode";`);
  }

}
