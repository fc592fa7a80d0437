import { Migration } from '@mikro-orm/migrations';

/**
 * GET /me's read (me/me.repository.ts): one round trip in a transaction of its own
 * instead of a unit of work's BEGIN-with-scope, three selects and COMMIT, because /me is
 * the request every page makes (scripts/bench/roundtrip.ts). The caller passes the scope
 * its message grants (scopeOf) and the function sets it for row-level security first,
 * as UnitOfWork does. Running replicas hold this prepared: a change to its arguments or
 * result columns is a new function (a new name), not a replacement.
 */
export class Migration20261206232000 extends Migration {

  override async up(): Promise<void> {
    // The user, and (for school staff, p_with_pending; P7) the kinds of the current
    // policy documents they have not accepted, in kind order as PoliciesService.pendingIn
    // lists them. No row for a user row-level security hides or that does not exist.
    this.addSql(`create or replace function me_read(p_tenant_id text, p_scope text, p_user_id uuid, p_with_pending boolean)
      returns table (id uuid, tenant_id uuid, kind text, username text, roles text[], pending_kinds text[])
      language plpgsql as $$
      #variable_conflict use_column
      begin
        perform set_config('app.tenant_id', p_tenant_id, true), set_config('app.scope', p_scope, true);
        return query
          select u.id, u.tenant_id, u.kind, u.username, u.roles,
                 case when p_with_pending then
                   array(select d.kind from policy_document d
                          where (d.kind, d.published_at) in (select kind, max(published_at) from policy_document group by kind)
                            and not exists (select 1 from policy_acceptance a
                                             where a.user_id = u.id and a.document_id = d.id)
                          order by d.kind)
                 else '{}'::text[] end
            from user_account u
           where u.id = p_user_id;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists me_read(text, text, uuid, boolean);`);
  }

}
