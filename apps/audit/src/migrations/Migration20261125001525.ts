import { Migration } from '@mikro-orm/migrations';

export class Migration20261125001525 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_checkpoint" ("id" uuid not null, "chain" text not null, "tenant_id" uuid null, "sequence" bigint not null, "hash" text not null, "created_at" timestamptz not null, "signature" text not null, constraint "audit_checkpoint_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_checkpoint_chain_sequence_index" on "audit_checkpoint" ("chain", "sequence");`);

    this.addSql(`create table "audit_entry" ("id" uuid not null, "chain" text not null, "sequence" bigint not null, "event_id" uuid not null, "tenant_id" uuid null, "actor_id" text null, "actor_kind" text not null, "support_grant_id" text null, "action" text not null, "subject_type" text null, "subject_id" text null, "request_id" text null, "ip" text null, "occurred_at" timestamptz not null, "detail" jsonb not null, "prev_hash" text not null, "hash" text not null, constraint "audit_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "audit_entry_tenant_id_support_grant_id_index" on "audit_entry" ("tenant_id", "support_grant_id");`);
    this.addSql(`create index "audit_entry_tenant_id_occurred_at_id_index" on "audit_entry" ("tenant_id", "occurred_at", "id");`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_chain_sequence_unique" unique ("chain", "sequence");`);

    // P24: a second guard behind the runtime role's grants (insert and select only): rows
    // of the log and its checkpoints are never changed or removed, whoever asks.
    this.addSql(`create or replace function audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name using errcode = '42501';
      end $$;`);
    for (const table of ['audit_entry', 'audit_checkpoint']) {
      this.addSql(`create trigger "${table}_append_only" before update or delete on "${table}"
        for each row execute function audit_append_only();`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}"
        for each statement execute function audit_append_only();`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_checkpoint" cascade;`);

    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop function if exists audit_append_only();`);
  }

}
