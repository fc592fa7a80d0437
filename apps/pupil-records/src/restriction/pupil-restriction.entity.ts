import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Pupil } from '../pupils/pupil.entity';

/**
 * One restriction of (or objection to) processing of a pupil's data (P18), from when it
 * started to when it was lifted and why. Goes with the pupil on erasure (P17).
 */
@Entity({ tableName: 'pupil_restriction' })
@Index({ properties: ['tenantId', 'pupilId', 'startedAt'] })
export class PupilRestriction {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @ManyToOne(() => Pupil, { fieldName: 'pupil_id', mapToPk: true, deleteRule: 'cascade', updateRule: 'cascade' })
  pupilId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) requestedBy!: string;
  @Property({ type: 'text' }) reason!: string;
  @Property({ type: 'uuid', nullable: true }) rightsRequestId: string | null = null;
  @Property({ type: 'datetime' }) startedAt: Date = new Date();
  @Property({ type: 'uuid', nullable: true }) startedBy: string | null = null;
  @Property({ type: 'datetime', nullable: true }) liftedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) liftedBy: string | null = null;
  @Property({ type: 'text', nullable: true }) liftReason: string | null = null;
  @Property({ type: 'uuid', nullable: true }) liftRightsRequestId: string | null = null;
}
