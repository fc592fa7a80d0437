import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A school's pupils on roll as pupil-records last reported it (PUPIL_COUNT_CHANGED), the
 * count a subscription is priced at unless platform staff give one. One row per school.
 */
@Entity({ tableName: 'school_roll' })
export class SchoolRoll {
  /** The school, i.e. the tenant. */
  @PrimaryKey({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'integer' }) pupilsOnRoll!: number;
  /** The reporting event's time: an older event never overwrites a newer count. */
  @Property({ type: 'datetime' }) asOf!: Date;
}
