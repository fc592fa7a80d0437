import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A signed record of a chain's head at one moment (P24). Verify requires each chain to
 * still reach its latest checkpoint with the same hash, so cutting off the newest entries
 * (which leaves a perfectly linked, shorter chain) is caught too.
 */
@Entity({ tableName: 'audit_checkpoint' })
@Index({ properties: ['chain', 'sequence'] })
export class AuditCheckpoint {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  chain!: string;

  @Property({ type: 'uuid', nullable: true })
  tenantId: string | null = null;

  @Property({ type: new BigIntType('number') })
  sequence!: number;

  @Property({ type: 'text' })
  hash!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /**
   * A retention cut (P24): the last entry the retention job removed. Verify starts the
   * chain after the latest one instead of at sequence 1; the signature covers this flag.
   */
  @Property({ type: 'boolean', default: false })
  retentionCut: boolean = false;

  /** HMAC-SHA256 (AUDIT_CHECKPOINT_KEY) over the canonical chain, sequence, hash, time (and cut flag). */
  @Property({ type: 'text' })
  signature!: string;
}
