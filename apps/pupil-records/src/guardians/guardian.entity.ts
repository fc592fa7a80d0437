import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Pupil } from '../pupils/pupil.entity';

/**
 * A pupil's parent or carer: who to contact, and who may give or withdraw consent (P16).
 * Goes with the pupil: the foreign key cascades, so erasing the pupil erases it (P17).
 */
@Entity({ tableName: 'guardian' })
@Index({ properties: ['tenantId', 'pupilId', 'priority'] })
export class Guardian {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @ManyToOne(() => Pupil, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade', updateRule: 'cascade' })
  pupilId!: string;
  @Property({ type: 'text', nullable: true }) title: string | null = null;
  @Property({ type: 'text' }) forename!: string;
  @Property({ type: 'text' }) surname!: string;
  @Property({ type: 'text' }) relationship!: string;
  @Property({ type: 'boolean' }) parentalResponsibility!: boolean;
  @Property({ type: 'text', nullable: true }) email: string | null = null;
  @Property({ type: 'text', nullable: true }) telephone: string | null = null;
  @Property({ type: 'text', nullable: true }) addressLine1: string | null = null;
  @Property({ type: 'text', nullable: true }) addressLine2: string | null = null;
  @Property({ type: 'text', nullable: true }) addressTown: string | null = null;
  @Property({ type: 'text', nullable: true }) addressPostcode: string | null = null;
  @Property({ type: 'integer' }) priority!: number;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
  @Property({ type: 'datetime' }) updatedAt: Date = new Date();
  @Property({ type: 'integer' }) version = 1;
}
