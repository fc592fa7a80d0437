import { Migration } from '@mikro-orm/migrations';

export class Migration20261125002848 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "school_notice" ("id" uuid not null, "tenant_id" uuid not null, "subject" text not null, "incident_id" uuid not null, "detected_at" timestamptz not null, "recipients" int not null, "created_at" timestamptz not null, constraint "school_notice_pkey" primary key ("id"));`);
    this.addSql(`create index "school_notice_tenant_id_created_at_index" on "school_notice" ("tenant_id", "created_at");`);
    this.addSql(`alter table "school_notice" add constraint "school_notice_tenant_id_subject_incident_id_unique" unique ("tenant_id", "subject", "incident_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "school_notice" cascade;`);
  }

}
