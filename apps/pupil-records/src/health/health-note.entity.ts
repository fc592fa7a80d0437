import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Pupil } from '../pupils/pupil.entity';

/**
 * A note about a pupil's medical condition, allergy or medication: special-category data
 * (P16), present only while special-category consent stands (withdrawal deletes the rows).
 */
@Entity({ tableName: 'health_note' })
@Index({ properties: ['tenantId', 'pupilId', 'recordedAt'] })
export class HealthNote {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @ManyToOne(() => Pupil, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade', updateRule: 'cascade' })
  pupilId!: string;
  @Property({ type: 'text' }) category!: string;
  @Property({ type: 'text' }) note!: string;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}
