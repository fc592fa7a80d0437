import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { GradeView, ScoreRangeView } from '@pt/contracts';

/** A school's assessment framework for one academic year (`2026/27`): one per school and year. */
@Entity({ tableName: 'assessment_framework' })
@Unique({ properties: ['tenantId', 'academicYear'] })
export class AssessmentFramework {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) academicYear!: string;
  @Property({ type: 'text' }) name!: string;
  /** Keys of the ready templates adopted into it, in the order adopted. */
  @Property({ type: 'json' }) adoptedTemplates: string[] = [];
  @Property({ type: 'uuid', nullable: true }) createdBy: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
}

/**
 * A grade scale of a framework: ordered grades (lowest first, each with points and a band)
 * or a numeric range, so a 1,000-point scale needs no list of values.
 */
@Entity({ tableName: 'grade_scale' })
@Index({ properties: ['tenantId', 'frameworkId'] })
export class GradeScale {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'text' }) name!: string;
  /** `grades` or `range`. */
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'json' }) grades: GradeView[] = [];
  @Property({ type: 'json', nullable: true }) range: ScoreRangeView | null = null;
  @Property({ type: 'text', nullable: true }) templateKey: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
}

/** A measure (a subject or an aspect of one) of a framework, graded on one of its scales. */
@Entity({ tableName: 'measure' })
@Unique({ properties: ['frameworkId', 'name'] })
@Index({ properties: ['tenantId', 'frameworkId'] })
export class Measure {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'uuid' }) gradeScaleId!: string;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
}

/** An assessment point of a framework (e.g. Autumn 1): a date, open for results until closed. */
@Entity({ tableName: 'assessment_point' })
@Unique({ properties: ['frameworkId', 'name'] })
@Index({ properties: ['tenantId', 'frameworkId'] })
export class AssessmentPoint {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'uuid' }) frameworkId!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'date' }) date!: string;
  @Property({ type: 'datetime', nullable: true }) closedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) closedBy: string | null = null;
  @Property({ type: 'datetime' }) createdAt: Date = new Date();
}
