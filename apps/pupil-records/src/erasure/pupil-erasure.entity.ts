import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What is kept after a pupil is erased (P17): that it happened, who asked and why, and
 * who carried it out; the pupil only by id (the row itself is gone, hence no foreign key).
 */
@Entity({ tableName: 'pupil_erasure' })
@Index({ properties: ['tenantId', 'pupilId'] })
export class PupilErasure {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'text' }) requestedBy!: string;
  @Property({ type: 'text' }) reason!: string;
  @Property({ type: 'uuid', nullable: true }) rightsRequestId: string | null = null;
  @Property({ type: 'datetime' }) erasedAt: Date = new Date();
  @Property({ type: 'uuid', nullable: true }) erasedBy: string | null = null;
}
