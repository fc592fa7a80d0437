import { EntityManager } from '@mikro-orm/postgresql';
import { AuditCheckpoint } from './audit-checkpoint.entity';

export class AuditCheckpointRepository {
  constructor(private readonly em: EntityManager) {}

  ofChain(chain: string): Promise<AuditCheckpoint[]> {
    return this.em.find(AuditCheckpoint, { chain }, { orderBy: { sequence: 'asc', createdAt: 'asc' } });
  }

  /** The highest checkpointed sequence of each chain. */
  async latestSequences(): Promise<Map<string, number>> {
    const rows = await this.em.execute<{ chain: string; sequence: string }[]>(
      'select chain, max(sequence) as sequence from audit_checkpoint group by chain',
    );
    return new Map(rows.map((r) => [r.chain, Number(r.sequence)]));
  }

  add(checkpoint: AuditCheckpoint): void {
    this.em.persist(checkpoint);
  }
}
