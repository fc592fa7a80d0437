import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** The current value of one pupil's measure at one point: one row per pupil, measure and point. */
@Entity({ tableName: 'assessment_result' })
@Unique({ properties: ['tenantId', 'pointId', 'measureId', 'pupilId'] })
@Index({ properties: ['tenantId', 'pupilId'] })
export class AssessmentResult {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'uuid' }) measureId!: string;
  @Property({ type: 'uuid' }) pointId!: string;
  @Property({ type: 'text' }) value!: string;
  @Property({ type: 'double', nullable: true }) points: number | null = null;
  @Property({ type: 'text', nullable: true }) comment: string | null = null;
  @Property({ type: 'uuid', nullable: true }) recordedBy: string | null = null;
  @Property({ type: 'datetime' }) recordedAt: Date = new Date();
}

/**
 * One change of a result, append-only: the runtime role may not update it (see
 * assessmentGrants); rows go only with the pupil's erasure.
 */
@Entity({ tableName: 'assessment_result_history' })
@Index({ properties: ['tenantId', 'pointId', 'measureId', 'pupilId'] })
export class AssessmentResultHistory {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) resultId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'uuid' }) measureId!: string;
  @Property({ type: 'uuid' }) pointId!: string;
  @Property({ type: 'text', nullable: true }) oldValue: string | null = null;
  @Property({ type: 'text' }) newValue!: string;
  @Property({ type: 'text', nullable: true }) oldComment: string | null = null;
  @Property({ type: 'text', nullable: true }) newComment: string | null = null;
  @Property({ type: 'uuid', nullable: true }) changedBy: string | null = null;
  @Property({ type: 'datetime' }) changedAt: Date = new Date();
}
