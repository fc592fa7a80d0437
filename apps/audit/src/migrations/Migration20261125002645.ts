import { Migration } from '@mikro-orm/migrations';

export class Migration20261125002645 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_checkpoint" add column "retention_cut" boolean not null default false;`);

    // P24 retention: the append-only trigger lets one thing through, a delete of log
    // entries while the transaction-local flag that only audit_purge_before sets is on.
    this.addSql(`create or replace function audit_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and tg_table_name = 'audit_entry'
           and current_setting('audit.retention', true) = 'on' then
          return old;
        end if;
        raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name using errcode = '42501';
      end $$;`);

    // The only way to remove entries: owned by the owner (SECURITY DEFINER), callable by
    // the runtime role (granted at provisioning), which itself has no DELETE. It removes
    // only entries older than the cutoff and at or before their chain's latest retention
    // cut, the signed checkpoint the retention job writes first, so verify can start there.
    this.addSql(`create or replace function audit_purge_before(cutoff timestamptz) returns bigint
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare
        removed bigint;
      begin
        -- The shortest retention is a day; an hour of slack for the service's clock.
        if cutoff is null or cutoff > now() - interval '23 hours' then
          raise exception 'audit retention cutoff % is too recent', cutoff using errcode = '22023';
        end if;
        perform set_config('audit.retention', 'on', true);
        delete from audit_entry e
          using (select chain, max(sequence) as sequence from audit_checkpoint
                  where retention_cut group by chain) cut
         where e.chain = cut.chain and e.sequence <= cut.sequence and e.occurred_at < cutoff;
        get diagnostics removed = row_count;
        perform set_config('audit.retention', 'off', true);
        return removed;
      end $$;`);
    this.addSql(`revoke all on function audit_purge_before(timestamptz) from public;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists audit_purge_before(timestamptz);`);
    this.addSql(`create or replace function audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit log is append-only: % on % refused', tg_op, tg_table_name using errcode = '42501';
      end $$;`);
    this.addSql(`alter table "audit_checkpoint" drop column "retention_cut";`);
  }

}
