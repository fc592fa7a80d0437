import { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntryFilter } from '@pt/contracts';
import { CursorPosition } from '@pt/persistence';
import { AuditEntry } from './audit-entry.entity';

export interface ChainHead {
  chain: string;
  tenantId: string | null;
  sequence: number;
  hash: string;
}

export class AuditEntryRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Serialises appends to one chain until the transaction ends: two appends reading the
   * same head would fork the chain. Other chains (other schools) are not held up.
   */
  async lockChain(chain: string): Promise<void> {
    await this.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`audit-chain:${chain}`]);
  }

  head(chain: string): Promise<AuditEntry | null> {
    return this.em.findOne(AuditEntry, { chain }, { orderBy: { sequence: 'desc' } });
  }

  add(entry: AuditEntry): void {
    this.em.persist(entry);
  }

  /**
   * Newest first, `limit + 1` rows after the cursor (keyset on occurred_at, id). The
   * tenant filter and row-level security limit it to the scope's school; `platformOnly`
   * reads the platform chain (entries without a school).
   */
  page(filter: AuditEntryFilter, limit: number, after: CursorPosition | null, platformOnly: boolean) {
    const where: Record<string, unknown>[] = [];
    if (platformOnly) where.push({ tenantId: null });
    if (filter.from) where.push({ occurredAt: { $gte: new Date(filter.from) } });
    if (filter.to) where.push({ occurredAt: { $lt: new Date(filter.to) } });
    if (filter.actorId) where.push({ actorId: filter.actorId });
    if (filter.action) where.push({ $or: [{ action: filter.action }, { action: { $like: `${filter.action}.%` } }] });
    if (filter.subjectType) where.push({ subjectType: filter.subjectType });
    if (filter.subjectId) where.push({ subjectId: filter.subjectId });
    if (filter.supportGrantId) where.push({ supportGrantId: filter.supportGrantId });
    if (after) {
      const at = new Date(after.key);
      where.push({ $or: [{ occurredAt: { $lt: at } }, { occurredAt: at, id: { $lt: after.id } }] });
    }
    return this.em.find(AuditEntry, where.length ? { $and: where } : {}, {
      orderBy: { occurredAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
  }

  /** One chain in order, `size` entries after `afterSequence`: verify walks chains in batches. */
  chainBatch(chain: string, afterSequence: number, size: number): Promise<AuditEntry[]> {
    return this.em.find(
      AuditEntry,
      { chain, sequence: { $gt: afterSequence } },
      { orderBy: { sequence: 'asc' }, limit: size },
    );
  }

  /** Drops the entries already walked from the identity map, so a long chain does not fill memory. */
  forgetLoaded(): void {
    this.em.clear();
  }

  async chains(): Promise<string[]> {
    const rows = await this.em.execute<{ chain: string }[]>(
      'select chain from audit_entry group by chain union select chain from audit_checkpoint group by chain order by 1',
    );
    return rows.map((r) => r.chain);
  }

  async heads(): Promise<ChainHead[]> {
    const rows = await this.em.execute<{ chain: string; tenant_id: string | null; sequence: string; hash: string }[]>(
      'select distinct on (chain) chain, tenant_id, sequence, hash from audit_entry order by chain, sequence desc',
    );
    return rows.map((r) => ({ chain: r.chain, tenantId: r.tenant_id, sequence: Number(r.sequence), hash: r.hash }));
  }
}
