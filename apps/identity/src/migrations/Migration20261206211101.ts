import { Migration } from '@mikro-orm/migrations';

/** P28: finance systems' API keys, stored as hashes (the generator's maintenance check-constraint churn left out). */
export class Migration20261206211101 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "finance_api_key" ("id" uuid not null, "name" text not null, "key_hash" text not null, "last_four" text not null, "scopes" text[] not null, "created_by" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_by" uuid null, "replaced_by" uuid null, constraint "finance_api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "finance_api_key" add constraint "finance_api_key_key_hash_unique" unique ("key_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "finance_api_key" cascade;`);
  }

}
