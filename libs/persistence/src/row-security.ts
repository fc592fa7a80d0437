import { Client } from 'pg';

export const TENANT_POLICY = 'tenant_isolation';

/**
 * The second wall of tenant isolation, independent of the ORM. Every table with a
 * `tenant_id` gets row-level security enabled and FORCED (so it binds the table owner
 * too), with a policy on settings made by `set_config(..., true)`: transaction-local, so
 * a pooled connection never carries one school's setting into another's transaction.
 * Run as the owner after every migration; a table added later cannot be forgotten.
 */
export async function enforceTenantRowSecurity(owner: Client): Promise<string[]> {
  const tables = await tenantTables(owner);
  for (const table of tables) {
    const t = owner.escapeIdentifier(table);
    const predicate = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid
        or current_setting('app.scope', true) = 'platform'`;
    await owner.query(`alter table ${t} enable row level security`);
    await owner.query(`alter table ${t} force row level security`);
    await owner.query(`drop policy if exists ${TENANT_POLICY} on ${t}`);
    await owner.query(`create policy ${TENANT_POLICY} on ${t} using (${predicate}) with check (${predicate})`);
  }
  return tables;
}

/** The tables of the public schema with a `tenant_id` column, by name. */
export async function tenantTables(owner: Client): Promise<string[]> {
  const { rows } = await owner.query<{ table: string }>(`
    select c.relname as table
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
     where a.attname = 'tenant_id' and not a.attisdropped
       and c.relkind in ('r', 'p') and n.nspname = 'public'
     order by c.relname`);
  return rows.map((r) => r.table);
}
