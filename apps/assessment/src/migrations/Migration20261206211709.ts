import { Migration } from '@mikro-orm/migrations';

export class Migration20261206211709 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "question_mark" ("id" uuid not null, "tenant_id" uuid not null, "test_id" uuid not null, "question_id" uuid not null, "pupil_id" uuid not null, "mark" int not null, "recorded_by" uuid null, "recorded_at" timestamptz not null, constraint "question_mark_pkey" primary key ("id"));`);
    this.addSql(`create index "question_mark_tenant_id_pupil_id_index" on "question_mark" ("tenant_id", "pupil_id");`);
    this.addSql(`create index "question_mark_tenant_id_test_id_index" on "question_mark" ("tenant_id", "test_id");`);
    this.addSql(`alter table "question_mark" add constraint "question_mark_tenant_id_question_id_pupil_id_unique" unique ("tenant_id", "question_id", "pupil_id");`);

    this.addSql(`create table "question_test" ("id" uuid not null, "tenant_id" uuid not null, "name" text not null, "date" date not null, "created_by" uuid null, "created_at" timestamptz not null, constraint "question_test_pkey" primary key ("id"));`);
    this.addSql(`create index "question_test_tenant_id_date_index" on "question_test" ("tenant_id", "date");`);

    this.addSql(`create table "question_test_question" ("id" uuid not null, "tenant_id" uuid not null, "test_id" uuid not null, "number" int not null, "label" text not null, "max_marks" int not null, "strand" text not null, constraint "question_test_question_pkey" primary key ("id"));`);
    this.addSql(`create index "question_test_question_tenant_id_test_id_index" on "question_test_question" ("tenant_id", "test_id");`);
    this.addSql(`alter table "question_test_question" add constraint "question_test_question_test_id_number_unique" unique ("test_id", "number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "question_mark" cascade;`);

    this.addSql(`drop table if exists "question_test" cascade;`);

    this.addSql(`drop table if exists "question_test_question" cascade;`);
  }

}
