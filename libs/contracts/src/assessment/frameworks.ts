import { defineEvent } from '../events';
import { ACADEMIC_YEAR, matchesFormat } from '../field-formats';
import { definePattern } from '../pattern';

/** An academic year (`2026/27`) whose second year follows its first. */
export function isAcademicYear(value: unknown): value is string {
  if (!matchesFormat(value, ACADEMIC_YEAR)) return false;
  return (Number(value.slice(0, 4)) + 1) % 100 === Number(value.slice(5));
}

/** Where a grade stands against the expected standard (Insight's "evaluations"). */
export const GRADE_BANDS = ['below', 'towards', 'expected', 'above'] as const;
export type GradeBand = (typeof GRADE_BANDS)[number];

/** One grade of an ordered scale, lowest first: its rank is its place in the list. */
export interface GradeView {
  code: string;
  label: string;
  /** Numeric points, for averages and progress; null for codes that carry no attainment (absent, left). */
  points: number | null;
  band: GradeBand | null;
}

/** A numeric scale given by its range, so no value need be listed (e.g. KS2 scaled scores 80–120). */
export interface ScoreRangeView {
  min: number;
  max: number;
  /** The expected standard or pass mark: at or above it is `expected`. */
  expected: number | null;
  /** The high score: at or above it is `above`. */
  high: number | null;
}

export type GradeScaleKind = 'grades' | 'range';

export interface GradeScaleView {
  id: string;
  name: string;
  kind: GradeScaleKind;
  /** The ordered grades (kind `grades`), lowest first; empty for a range. */
  grades: GradeView[];
  /** The range (kind `range`); null for ordered grades. */
  range: ScoreRangeView | null;
  /** The template it was adopted from, if any. */
  templateKey: string | null;
}

export interface MeasureView {
  id: string;
  name: string;
  gradeScaleId: string;
}

export interface AssessmentPointView {
  id: string;
  name: string;
  /** `YYYY-MM-DD`. */
  date: string;
  status: 'open' | 'closed';
  closedAt: string | null;
}

export interface FrameworkSummary {
  id: string;
  academicYear: string;
  name: string;
  createdAt: string;
}

export interface FrameworkView extends FrameworkSummary {
  gradeScales: GradeScaleView[];
  measures: MeasureView[];
  /** In date order. */
  points: AssessmentPointView[];
  /** Keys of the templates adopted into it. */
  adoptedTemplates: string[];
}

/** A ready, read-only template: a scale and the measures that use it, for the academic years it is valid. */
export interface AssessmentTemplateView {
  key: string;
  name: string;
  /** First academic year the template applies to, e.g. `2023/24`; null for no lower bound. */
  fromYear: string | null;
  /** Last academic year it applies to; null while current. */
  toYear: string | null;
  scale: { name: string; kind: GradeScaleKind; grades: GradeView[]; range: ScoreRangeView | null };
  measures: string[];
  /** Rules that go with it, in words (e.g. the good-level-of-development rule). */
  rules: string[];
  /** Where the facts come from. */
  sources: string[];
}

export interface ListTemplatesRequest {
  /** Only the templates valid in this academic year. */
  academicYear?: string;
}
export interface CreateFrameworkRequest {
  academicYear: string;
  name: string;
}
export interface FrameworkRef {
  frameworkId: string;
}
export interface AdoptTemplateRequest {
  frameworkId: string;
  templateKey: string;
}
export interface AddMeasureRequest {
  frameworkId: string;
  name: string;
  gradeScaleId: string;
}
export interface AddAssessmentPointRequest {
  frameworkId: string;
  name: string;
  /** `YYYY-MM-DD`. */
  date: string;
}
export interface AssessmentPointRef {
  pointId: string;
}

export const LIST_ASSESSMENT_TEMPLATES = definePattern<ListTemplatesRequest, AssessmentTemplateView[]>(
  'assessment.template.list',
);
export const CREATE_FRAMEWORK = definePattern<CreateFrameworkRequest, FrameworkView>('assessment.framework.create');
export const LIST_FRAMEWORKS = definePattern<Record<string, never>, FrameworkSummary[]>('assessment.framework.list');
export const GET_FRAMEWORK = definePattern<FrameworkRef, FrameworkView>('assessment.framework.get');
export const ADOPT_ASSESSMENT_TEMPLATE = definePattern<AdoptTemplateRequest, FrameworkView>(
  'assessment.framework.adopt-template',
);
export const ADD_MEASURE = definePattern<AddMeasureRequest, FrameworkView>('assessment.measure.add');
export const ADD_ASSESSMENT_POINT = definePattern<AddAssessmentPointRequest, FrameworkView>('assessment.point.add');
export const CLOSE_ASSESSMENT_POINT = definePattern<AssessmentPointRef, AssessmentPointView>('assessment.point.close');
export const REOPEN_ASSESSMENT_POINT = definePattern<AssessmentPointRef, AssessmentPointView>(
  'assessment.point.reopen',
);

export const FRAMEWORK_CREATED = defineEvent<{ frameworkId: string }>('evt.assessment.framework.created');
export const ASSESSMENT_POINT_CLOSED = defineEvent<{ pointId: string; frameworkId: string }>(
  'evt.assessment.point.closed',
);
export const ASSESSMENT_POINT_REOPENED = defineEvent<{ pointId: string; frameworkId: string }>(
  'evt.assessment.point.reopened',
);
