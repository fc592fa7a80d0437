import { Migration } from '@mikro-orm/migrations';

export class Migration20261125011328 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "pupil_import" ("id" uuid not null, "tenant_id" uuid not null, "format" text not null, "status" text not null default 'queued', "file_name" text not null, "total_bytes" bigint not null default 0, "bytes_read" bigint not null default 0, "pupils_read" int not null default 0, "mapping" jsonb null, "destination_mismatch" text not null default 'warn', "created" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "rejected" int not null default 0, "rejections" jsonb not null, "warnings" jsonb not null, "error" jsonb null, "actor" jsonb not null, "request_id" text null, "created_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "pupil_import_pkey" primary key ("id"));`);
    this.addSql(`create index "pupil_import_status_index" on "pupil_import" ("status");`);
    this.addSql(`create index "pupil_import_tenant_id_created_at_index" on "pupil_import" ("tenant_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pupil_import" cascade;`);
  }

}
