import { Entity, Index, Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * What assessment knows of a pupil of pupil-records over one stretch of time: the
 * characteristics analysis groups by, valid from `validFrom` until `validTo` (null: still
 * so). Kept from pupil-records' durable events (pupils/pupil-events.consumer.ts), so the
 * attributes as at any assessment point's date are one range condition, and last year's
 * analysis does not change when a pupil's flags change (issue 13, item 5). `version` is
 * pupil-records' version of the pupil: a period is only ever followed by a higher one, so a
 * replayed or late event cannot bring an older state back. At most one open period per
 * pupil (a partial unique index in the migration).
 */
@Entity({ tableName: 'pupil_period' })
// As-at reads: a school's pupils whose period covers an instant.
@Index({ properties: ['tenantId', 'pupilId', 'validFrom'] })
@Index({ properties: ['tenantId', 'classGroupId'] })
// One open period per pupil: two replicas opening a pupil's first period at once cannot both succeed.
@Unique({
  name: 'pupil_period_open_unique',
  expression:
    'create unique index "pupil_period_open_unique" on "pupil_period" ("tenant_id", "pupil_id") where valid_to is null',
})
export class PupilPeriod {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'integer' }) version!: number;
  /** '-infinity' for the first period known: what came before is not known to be different. */
  @Property({ type: 'datetime' }) validFrom!: Date;
  @Property({ type: 'datetime', nullable: true }) validTo: Date | null = null;
  @Property({ type: 'text' }) yearGroup!: string;
  @Property({ type: 'uuid', nullable: true }) classGroupId: string | null = null;
  @Property({ type: 'text' }) gender!: string;
  @Property({ type: 'text', nullable: true }) ethnicity: string | null = null;
  @Property({ type: 'text' }) senStatus!: string;
  @Property({ type: 'boolean' }) fsm!: boolean;
  @Property({ type: 'boolean' }) fsm6!: boolean;
  @Property({ type: 'boolean' }) pupilPremium!: boolean;
  @Property({ type: 'boolean' }) eal!: boolean;
  @Property({ type: 'boolean' }) inLaCare!: boolean;
  @Property({ type: 'boolean' }) everInCare!: boolean;
  @Property({ type: 'boolean' }) giftedAndTalented!: boolean;
  /**
   * DfE's disadvantaged: FSM at any time in the last six years, or looked after, or left
   * care (ever in care stands for adopted from care, which pupil-records does not hold).
   */
  @Property({ type: 'boolean', generated: '(fsm6 or in_la_care or ever_in_care) stored', lazy: true })
  disadvantaged?: boolean & Opt;
  @Property({ type: 'date', nullable: true }) entryDate: string | null = null;
  @Property({ type: 'date', nullable: true }) leavingDate: string | null = null;
  /** P18: left out of analysis and read-only while restricted. */
  @Property({ type: 'boolean' }) restricted!: boolean;
}

/**
 * A pupil pupil-records erased (P17): their periods are gone, and this id keeps a late
 * created or updated event, handled after the erasure, from bringing them back. An id only.
 */
@Entity({ tableName: 'erased_pupil' })
export class ErasedPupil {
  @PrimaryKey({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'datetime' }) erasedAt: Date = new Date();
}
