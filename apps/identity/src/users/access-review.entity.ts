import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A school's recorded review of who has access (P8: a review each term is recommended):
 * who did it, when, with counts as they stood, so the school can show that it reviews.
 */
@Entity({ tableName: 'access_review' })
@Index({ properties: ['tenantId', 'reviewedAt'] })
export class AccessReview {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  tenantId!: string;

  @Property({ type: 'uuid' })
  reviewedBy!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  reviewedAt: Date = new Date();

  @Property({ type: 'text', nullable: true })
  notes: string | null = null;

  @Property({ type: 'integer' })
  userCount!: number;

  @Property({ type: 'integer' })
  inactiveCount!: number;
}
