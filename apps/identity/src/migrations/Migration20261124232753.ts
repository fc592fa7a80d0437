import { Migration } from '@mikro-orm/migrations';

export class Migration20261124232753 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "credential_lockout" ("user_id" uuid not null, "failures" int not null, "locked_until" timestamptz null, "last_failure_at" timestamptz not null, constraint "credential_lockout_pkey" primary key ("user_id"));`);

    this.addSql(`create table "rate_limit" ("key_hash" text not null, "tat" timestamptz not null, constraint "rate_limit_pkey" primary key ("key_hash"));`);

    this.addSql(`alter table "session" add column "csrf_hash" text null;`);

    this.addSql(`alter table "user_account" add column "job_title" text null, add column "telephone" text null, add column "teacher_reference_number" text null, add column "class_group_ids" uuid[] null, add column "marketing_opt_in" boolean not null default false, add column "marketing_opt_in_changed_at" timestamptz null, add column "security_training_completed_at" timestamptz null, add column "security_training_course" text null, add column "security_training_recorded_by" uuid null;`);
    this.addSql(`alter table "user_account" add constraint user_account_trn_format check(teacher_reference_number ~ '^[0-9]{7}\$');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "credential_lockout" cascade;`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);

    this.addSql(`alter table "session" drop column "csrf_hash";`);

    this.addSql(`alter table "user_account" drop constraint user_account_trn_format;`);
    this.addSql(`alter table "user_account" drop column "job_title", drop column "telephone", drop column "teacher_reference_number", drop column "class_group_ids", drop column "marketing_opt_in", drop column "marketing_opt_in_changed_at", drop column "security_training_completed_at", drop column "security_training_course", drop column "security_training_recorded_by";`);
  }

}
