import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Progress8Estimate } from '@pt/contracts';

/** What one of a framework's measures counts as in Attainment 8 (a measure without a row counts in none). */
@Entity({ tableName: 'ks4_measure_role' })
@Unique({ properties: ['tenantId', 'measureId'] })
@Index({ properties: ['tenantId', 'frameworkId'] })
export class Ks4MeasureRole {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'uuid' }) measureId!: string;
  /** One of KS4_ROLES. */
  @Property({ type: 'text' }) role!: string;
}

/**
 * The Progress 8 baseline of a framework's cohort: KS2 with DfE's estimates for the year,
 * or an alternative baseline of the school's own with its estimates. One per framework.
 */
@Entity({ tableName: 'progress8_baseline' })
@Unique({ properties: ['tenantId', 'frameworkId'] })
export class Progress8Baseline {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) label!: string;
  /** In order of `from`, not overlapping. */
  @Property({ type: 'json' }) estimates: Progress8Estimate[] = [];
  @Property({ type: 'uuid', nullable: true }) setBy: string | null = null;
  @Property({ type: 'datetime' }) setAt: Date = new Date();
}

/** A pupil's prior attainment on the baseline of a framework's cohort; erased with the pupil (P17). */
@Entity({ tableName: 'prior_attainment' })
@Unique({ properties: ['tenantId', 'frameworkId', 'pupilId'] })
@Index({ properties: ['tenantId', 'pupilId'] })
export class PriorAttainment {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'uuid' }) pupilId!: string;
  @Property({ type: 'double' }) score!: number;
  @Property({ type: 'uuid', nullable: true }) setBy: string | null = null;
  @Property({ type: 'datetime' }) setAt: Date = new Date();
}

/**
 * DfE's Progress 8 estimates for one academic year, loaded by the platform and read by every
 * school: national data, so it has no tenant_id (and no row-level security to hold it to one).
 */
@Entity({ tableName: 'national_progress8_estimates' })
export class NationalProgress8Estimates {
  @PrimaryKey({ type: 'text' }) academicYear!: string;
  @Property({ type: 'json' }) estimates: Progress8Estimate[] = [];
  @Property({ type: 'uuid', nullable: true }) setBy: string | null = null;
  @Property({ type: 'datetime' }) setAt: Date = new Date();
}
