import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Pupil } from './pupil.entity';

/**
 * One consent given for a pupil (P16), kept as history: a row is written once when given
 * and later only gains its withdrawal fields. At most one of each kind stands per pupil
 * (the partial unique index). The giver's guardian id is kept as a plain id, not a foreign
 * key, so that the record of who consented outlives changes to the guardian list.
 */
@Entity({ tableName: 'consent' })
@Index({ properties: ['tenantId', 'pupilId', 'recordedAt'] })
@Unique({
  name: 'consent_standing_unique',
  expression:
    'create unique index "consent_standing_unique" on "consent" ("pupil_id", "kind") where "withdrawal_recorded_at" is null',
})
export class Consent {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @ManyToOne(() => Pupil, { mapToPk: true, joinColumn: 'pupil_id', deleteRule: 'cascade', updateRule: 'cascade' })
  pupilId!: string;
  @Property({ type: 'text' }) kind!: string;
  /** 'guardian' or 'pupil'. */
  @Property({ type: 'text' }) givenByType!: string;
  @Property({ type: 'uuid', nullable: true }) givenByGuardianId: string | null = null;
  @Property({ type: 'date' }) givenOn!: string;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
  /** 'guardian', 'pupil' or 'school'; null while the consent stands. */
  @Property({ type: 'text', nullable: true }) withdrawnByType: string | null = null;
  @Property({ type: 'uuid', nullable: true }) withdrawnByGuardianId: string | null = null;
  @Property({ type: 'date', nullable: true }) withdrawnOn: string | null = null;
  @Property({ type: 'text', nullable: true }) withdrawalReason: string | null = null;
  @Property({ type: 'uuid', nullable: true }) withdrawalRecordedBy: string | null = null;
  @Property({ type: 'datetime', nullable: true }) withdrawalRecordedAt: Date | null = null;
}
