import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in's two statements (auth/sign-in.repository.ts): each one round trip in a
 * transaction of its own, instead of a unit of work's five or six, because on the
 * sign-in path every statement competes with argon2id for the same cores. Each sets
 * platform scope for row-level security itself, as UnitOfWork does for PLATFORM_SCOPE:
 * before sign-in nobody's school is known. Running replicas hold these statements
 * prepared: a change to a function's arguments or result columns is a new function
 * (a new name), not a replacement, or their cached plans would fail until reconnect.
 */
export class Migration20261125033359 extends Migration {

  override async up(): Promise<void> {
    // The account by username or email (already trimmed and lower-cased by the caller),
    // with what P3 and P5 need: how far ahead the address's rate cell runs (the caller
    // turns that into a wait by its rule), the account's lock, the school's session
    // policy. One row even for an unknown login, so the address is always checked.
    this.addSql(`create or replace function sign_in_lookup(p_login text, p_ip_key_hash text)
      returns table (id uuid, tenant_id uuid, kind text, username text, status text, password_hash text,
                     roles text[], class_group_ids uuid[], ip_lead_seconds double precision,
                     lockout boolean, concurrent_sessions text)
      language plpgsql as $$
      #variable_conflict use_column
      begin
        perform set_config('app.tenant_id', '', true), set_config('app.scope', 'platform', true);
        return query
          select u.id, u.tenant_id, u.kind, u.username, u.status, u.password_hash, u.roles, u.class_group_ids,
                 (select extract(epoch from r.tat - now())::double precision
                    from rate_limit r where r.key_hash = p_ip_key_hash),
                 (select coalesce(l.locked_until > now(), false) from credential_lockout l where l.user_id = u.id),
                 (select s.concurrent_sessions from school s where s.id = u.tenant_id)
            from (select 1) as one
            left join user_account u on lower(u.username) = p_login or lower(u.email) = p_login
           limit 1;
      end $$;`);

    // The new session, the account's last sign-in, its failures forgotten and the
    // session.started event, all or nothing. With p_exclusive (P5 'replace' and 'refuse')
    // it first takes the user's session lock (SessionRepository.lockUser's) and, if the
    // user has a live session, writes nothing and returns false: the caller then admits
    // the sign-in by its policy in a unit of work and calls this again, not exclusive.
    this.addSql(`create or replace function sign_in_start_session(
        p_user_id uuid, p_tenant_id uuid, p_exclusive boolean, p_session_id uuid, p_refresh_hash text,
        p_csrf_hash text, p_expires_at timestamptz, p_user_agent text, p_ip text, p_clear_lockout boolean,
        p_event_id uuid, p_event_subject text, p_event_envelope jsonb)
      returns boolean
      language plpgsql as $$
      begin
        perform set_config('app.tenant_id', '', true), set_config('app.scope', 'platform', true);
        if p_exclusive then
          perform pg_advisory_xact_lock(hashtext('session-user:' || p_user_id));
          if exists (select 1 from session
                      where user_id = p_user_id and ended_at is null and expires_at > now()) then
            return false;
          end if;
        end if;
        insert into session (id, tenant_id, user_id, refresh_hash, previous_refresh_hashes, expires_at,
                             csrf_hash, user_agent, ip)
          values (p_session_id, p_tenant_id, p_user_id, p_refresh_hash, '{}', p_expires_at,
                  p_csrf_hash, p_user_agent, p_ip);
        update user_account set last_sign_in_at = now() where id = p_user_id;
        if p_clear_lockout then
          delete from credential_lockout where user_id = p_user_id;
        end if;
        insert into outbox (id, subject, envelope) values (p_event_id, p_event_subject, p_event_envelope);
        return true;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists sign_in_start_session(uuid, uuid, boolean, uuid, text, text, timestamptz, text, text, boolean, uuid, text, jsonb);`);
    this.addSql(`drop function if exists sign_in_lookup(text, text);`);
  }

}
