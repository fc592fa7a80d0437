import { EntityManager } from '@mikro-orm/postgresql';

/** Where the retention job cuts one chain: its last entry to be removed. */
export interface RetentionCut {
  chain: string;
  tenantId: string | null;
  sequence: number;
  hash: string;
}

/** The retention job's SQL (P24): the only path by which audit entries are ever removed. */
export class AuditRetentionRepository {
  constructor(private readonly em: EntityManager) {}

  /** One retention run at a time across replicas, until the transaction ends. */
  async lockRun(): Promise<void> {
    await this.em.execute('select pg_advisory_xact_lock(hashtext(?))', ['audit-retention']);
  }

  /**
   * Per chain, the last entry of the longest prefix that occurred entirely before the
   * cutoff (a chain is only ever cut at its start, so what remains still links up). A
   * chain's newest entry is always kept: the next append links to it.
   */
  async cutsBefore(cutoff: Date): Promise<RetentionCut[]> {
    const rows = await this.em.execute<{ chain: string; tenant_id: string | null; sequence: string; hash: string }[]>(
      `select e.chain, e.tenant_id, e.sequence, e.hash
         from (select chain,
                      least(coalesce(min(sequence) filter (where occurred_at >= ?), max(sequence)), max(sequence)) - 1
                        as cut
                 from audit_entry group by chain) c
         join audit_entry e on e.chain = c.chain and e.sequence = c.cut
        order by e.chain`,
      [cutoff],
    );
    return rows.map((r) => ({ chain: r.chain, tenantId: r.tenant_id, sequence: Number(r.sequence), hash: r.hash }));
  }

  /**
   * Removes the entries older than the cutoff up to each chain's latest retention cut,
   * through the owner's SECURITY DEFINER function (the runtime role has no DELETE).
   */
  async purgeBefore(cutoff: Date): Promise<number> {
    const [row] = await this.em.execute<{ removed: string }[]>('select audit_purge_before(?) as removed', [cutoff]);
    return Number(row.removed);
  }
}
