import { Migration } from '@mikro-orm/migrations';

export class Migration20261124232255 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "policy_acceptance" ("id" uuid not null, "tenant_id" uuid null, "user_id" uuid not null, "document_id" uuid not null, "kind" text not null, "version" text not null, "accepted_at" timestamptz not null, "ip" text null, constraint "policy_acceptance_pkey" primary key ("id"));`);
    this.addSql(`create index "policy_acceptance_tenant_id_index" on "policy_acceptance" ("tenant_id");`);
    this.addSql(`alter table "policy_acceptance" add constraint "policy_acceptance_user_id_document_id_unique" unique ("user_id", "document_id");`);

    this.addSql(`create table "policy_document" ("id" uuid not null, "kind" text not null, "version" text not null, "title" text not null, "body" text not null, "published_at" timestamptz not null, "published_by" uuid null, constraint "policy_document_pkey" primary key ("id"));`);
    this.addSql(`create index "policy_document_kind_published_at_index" on "policy_document" ("kind", "published_at");`);
    this.addSql(`alter table "policy_document" add constraint "policy_document_kind_version_unique" unique ("kind", "version");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "policy_acceptance" cascade;`);

    this.addSql(`drop table if exists "policy_document" cascade;`);
  }

}
