import { Migration } from '@mikro-orm/migrations';

export class Migration20261125012431 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "maintenance_schedule_step" ("id" uuid not null, "window_id" uuid not null, "generation" int not null, "step" text not null, "due_at" timestamptz not null, "taken_at" timestamptz not null, "taken_by" text not null, "session_ids" uuid[] not null, "user_ids" uuid[] not null, "school_ids" uuid[] not null, "session_count" int not null default 0, "user_count" int not null default 0, "school_count" int not null default 0, "ended_sessions" int not null default 0, constraint "maintenance_schedule_step_pkey" primary key ("id"));`);
    this.addSql(`alter table "maintenance_schedule_step" add constraint "maintenance_schedule_step_window_id_generation_step_unique" unique ("window_id", "generation", "step");`);

    this.addSql(`create table "maintenance_window" ("id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "reason" text not null, "school_ids" uuid[] null, "lead_minutes" int[] not null, "schedule_generation" int not null default 1, "started_at" timestamptz null, "cancelled_at" timestamptz null, "cancelled_by" uuid null, "work_begun_at" timestamptz null, "work_begun_by" uuid null, "work_forced" boolean not null default false, "work_force_reason" text null, "work_forced_session_ids" uuid[] null, "created_by" uuid null, "created_at" timestamptz not null default now(), "version" int not null default 1, constraint "maintenance_window_pkey" primary key ("id"));`);
    this.addSql(`create index "maintenance_window_starts_at_id_index" on "maintenance_window" ("starts_at", "id");`);

    this.addSql(`alter table "session" add column "last_seen_ip" text null, add column "last_seen_user_agent" text null, add column "end_note" text null;`);
    this.addSql(`create index "session_live_last_seen_index" on "session" ("last_seen_at") where "ended_at" is null;`);
    this.addSql(`create index "session_live_tenant_created_index" on "session" ("tenant_id", "created_at" desc, "id" desc) where "ended_at" is null;`);
    this.addSql(`create index "session_live_created_index" on "session" ("created_at" desc, "id" desc) where "ended_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "maintenance_schedule_step" cascade;`);

    this.addSql(`drop table if exists "maintenance_window" cascade;`);

    this.addSql(`drop index "session_live_last_seen_index";`);
    this.addSql(`drop index "session_live_tenant_created_index";`);
    this.addSql(`drop index "session_live_created_index";`);
    this.addSql(`alter table "session" drop column "last_seen_ip", drop column "last_seen_user_agent", drop column "end_note";`);
  }

}
