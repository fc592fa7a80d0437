import { EntityManager } from '@mikro-orm/postgresql';

/** The platform's own tables: the outbox, inbox and parked events hold ids only and are the platform's record. */
const PLATFORM_TABLES = new Set([
  'outbox',
  'processed_event',
  'parked_event',
  'platform_migrations',
  'mikro_orm_migrations',
]);

/**
 * P25: deletes every row of one school from the service's tables that carry `tenant_id`
 * (every table of school data does: it is what row-level security walls), except the tables
 * named in `keep` and the platform's own; answers the rows deleted per table, for the purge
 * certificate. Run in the school's tenant scope, so row-level security holds every statement
 * to that school whatever the code says.
 *
 * Tables are emptied children first (by their foreign keys among themselves), one statement
 * each, so a reference without ON DELETE CASCADE never blocks the purge; a table added later
 * is purged without anyone remembering to add it here.
 */
export async function purgeTenantRows(
  em: EntityManager,
  tenantId: string,
  keep: readonly string[] = [],
): Promise<Record<string, number>> {
  const kept = new Set([...PLATFORM_TABLES, ...keep]);
  const tables = (
    await em.execute<{ table: string }[]>(
      `select c.relname as table from pg_attribute a
         join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where a.attname = 'tenant_id' and not a.attisdropped and c.relkind in ('r', 'p') and n.nspname = 'public'
        order by c.relname`,
    )
  )
    .map((r) => r.table)
    .filter((t) => !kept.has(t));
  const references = await em.execute<{ child: string; parent: string }[]>(
    `select c.relname as child, p.relname as parent from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`,
  );
  const deleted: Record<string, number> = {};
  for (const table of childrenFirst(tables, references)) {
    const rows = await em.execute<{ n: string }[]>(
      `with gone as (delete from "${table}" where tenant_id = ? returning 1) select count(*) as n from gone`,
      [tenantId],
    );
    deleted[table] = Number(rows[0].n);
  }
  return deleted;
}

/** The tables ordered so that each comes before every table it references. */
export function childrenFirst(tables: string[], references: { child: string; parent: string }[]): string[] {
  const within = new Set(tables);
  const parentsOf = new Map<string, string[]>(tables.map((t) => [t, []]));
  for (const { child, parent } of references) {
    if (within.has(child) && within.has(parent)) parentsOf.get(child)!.push(parent);
  }
  // Depth-first from each table, emitting a table after every table that references it.
  const childrenOf = new Map<string, string[]>(tables.map((t) => [t, []]));
  for (const [child, parents] of parentsOf) for (const parent of parents) childrenOf.get(parent)!.push(child);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (table: string) => {
    if (seen.has(table)) return;
    seen.add(table);
    for (const child of childrenOf.get(table)!) visit(child);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}
