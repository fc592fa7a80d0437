import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** The last pupils-on-roll count published for a school, so that only a change is published again. */
@Entity({ tableName: 'pupil_count' })
export class PupilCount {
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  /** -1 until a count has been published. */
  @Property({ type: 'integer' }) pupilsOnRoll = -1;
  @Property({ type: 'datetime', nullable: true }) publishedAt: Date | null = null;
}
