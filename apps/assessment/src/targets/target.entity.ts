import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/** One named target of a pupil for a measure (e.g. `minimum`, `aspirational`): one row per kind. */
@Entity({ tableName: 'assessment_target' })
@Unique({ properties: ['tenantId', 'measureId', 'pupilId', 'kind'] })
export class AssessmentTarget {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'uuid' }) measureId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) value!: string;
  @Property({ type: 'double', nullable: true }) points: number | null = null;
  @Property({ type: 'uuid', nullable: true }) setBy: string | null = null;
  @Property({ type: 'datetime' }) setAt: Date = new Date();
}

/** A school's one on-track rule for a framework; the straight-line fields are null for expected-band. */
@Entity({ tableName: 'assessment_on_track_rule' })
@Unique({ properties: ['tenantId', 'frameworkId'] })
export class AssessmentOnTrackRule {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'uuid', nullable: true }) baselinePointId: string | null = null;
  @Property({ type: 'text', nullable: true }) targetKind: string | null = null;
  @Property({ type: 'double', nullable: true }) tolerance: number | null = null;
  @Property({ type: 'uuid', nullable: true }) setBy: string | null = null;
  @Property({ type: 'datetime' }) setAt: Date = new Date();
}
