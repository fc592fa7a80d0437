import { definePattern } from '../pattern';

/**
 * A figure hidden because it is about fewer than 5 pupils, or because together with the
 * totals it would give such a figure away (complementary suppression): the GSS shorthand
 * for "confidential".
 */
export const SUPPRESSED = '[c]' as const;
export type Suppressed = typeof SUPPRESSED;

/** Groups shown with fewer pupils than this are suppressed. */
export const SUPPRESSION_THRESHOLD = 5;

/** What analysis breaks a cohort down by (attributes as they stood at the point's date). */
export const ANALYSIS_DIMENSIONS = [
  'school',
  'year',
  'class',
  'gender',
  'ethnicity',
  'sen',
  'fsm',
  'fsm6',
  'pupilPremium',
  'disadvantaged',
  'eal',
  'inCare',
  'giftedAndTalented',
] as const;
export type AnalysisDimension = (typeof ANALYSIS_DIMENSIONS)[number];

/** A measure at a point, analysed for one school. */
export interface AnalyseMeasureRequest {
  pointId: string;
  measureId: string;
  /** Progress is measured from this point's result of the same measure (or `baselineMeasureId`'s). */
  baselinePointId?: string;
  baselineMeasureId?: string;
}

/** The same measure and point (by name, in frameworks of one academic year) across schools. */
export interface AnalyseSchoolsRequest {
  academicYear: string;
  measureName: string;
  pointName: string;
  baselinePointName?: string;
  /** Only these of the schools the caller may analyse; all of them when absent. */
  schoolIds?: string[];
}

/** The figures of a cohort or of one group of it. A number, null (nothing to average), or `[c]`. */
export interface AnalysisFigures {
  pupils: number | Suppressed;
  /** Pupils whose result is in the expected band or above. */
  atExpected: number | Suppressed;
  /** atExpected / pupils, a percentage to one decimal place. */
  shareAtExpected: number | null | Suppressed;
  /** Average points of the results that carry points. */
  averagePoints: number | null | Suppressed;
  /** Average of (points − baseline points) over pupils with both; null without a baseline. */
  averageProgress: number | null | Suppressed;
  /** Pupils with a result at both points. */
  pupilsWithBaseline: number | Suppressed;
}

/**
 * One group (e.g. disadvantaged = yes) and its gaps to the rest of the cohort (everyone not
 * in it): in percentage points of the share at expected, in average points, and in whole
 * pupils (how many more, or fewer, of this group would have to be at expected to match the
 * rest, rounded towards zero, so a gap worth less than one pupil reads 0).
 */
export interface AnalysisGroupView extends AnalysisFigures {
  dimension: AnalysisDimension;
  /** The group's value: a year group, a class group id, a code, or `yes`/`no`; null: not recorded. */
  value: string | null;
  gapShare: number | null | Suppressed;
  gapPoints: number | null | Suppressed;
  gapPupils: number | null | Suppressed;
}

export interface AnalysisView {
  measureId: string | null;
  pointId: string | null;
  baselinePointId: string | null;
  /** The point's date: pupils' groups are as they stood at the end of it. */
  asAt: string | null;
  /** The schools pooled (pupils, not school averages, are pooled). */
  schoolIds: string[];
  total: AnalysisFigures;
  groups: AnalysisGroupView[];
}

export interface TransitionMatrixRequest {
  fromPointId: string;
  fromMeasureId: string;
  toPointId: string;
  toMeasureId: string;
}

export interface TransitionCellRequest extends TransitionMatrixRequest {
  /** The cell's row and column keys, as the matrix names them. */
  fromKey: string;
  toKey: string;
}

/** One value on an axis: a grade code (grade scales) or a band (numeric ranges), lowest first. */
export interface TransitionAxisValue {
  key: string;
  label: string;
}

export interface TransitionCellView {
  fromKey: string;
  toKey: string;
  pupils: number;
}

/**
 * Pupils by their result at one point (rows) and at another (columns): a school's own view
 * to act on, so counts are not suppressed; every cell drills to its pupils.
 */
export interface TransitionMatrixView {
  from: { pointId: string; measureId: string; axis: TransitionAxisValue[] };
  to: { pointId: string; measureId: string; axis: TransitionAxisValue[] };
  pupils: number;
  cells: TransitionCellView[];
}

/** A pupil of a matrix cell: their id, both results and their groups as at the later point. */
export interface TransitionPupilView {
  pupilId: string;
  fromValue: string;
  toValue: string;
  yearGroup: string;
  classGroupId: string | null;
  gender: string;
  ethnicity: string | null;
  senStatus: string;
  fsm: boolean;
  disadvantaged: boolean;
  eal: boolean;
}

export interface TransitionCellPupilsView {
  fromKey: string;
  toKey: string;
  pupils: TransitionPupilView[];
}

export const ANALYSE_MEASURE = definePattern<AnalyseMeasureRequest, AnalysisView>('assessment.analysis.measure');
export const ANALYSE_SCHOOLS = definePattern<AnalyseSchoolsRequest, AnalysisView>('assessment.analysis.schools');
export const GET_TRANSITION_MATRIX = definePattern<TransitionMatrixRequest, TransitionMatrixView>(
  'assessment.transition-matrix.get',
);
export const GET_TRANSITION_CELL = definePattern<TransitionCellRequest, TransitionCellPupilsView>(
  'assessment.transition-matrix.cell',
);
