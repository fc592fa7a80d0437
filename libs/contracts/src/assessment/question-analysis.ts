import { definePattern } from '../pattern';
import { Suppressed } from './analysis';

/** The most questions a test may have. */
export const MAX_QUESTION_TEST_QUESTIONS = 150;
/** The most cells one marks save may carry (a class of 30 × 100 questions is 3,000). */
export const MAX_QUESTION_MARK_CELLS = 5000;
/** The most marks one question may be worth. */
export const MAX_QUESTION_MARKS = 100;
export const MAX_QUESTION_TEST_NAME = 120;
export const MAX_QUESTION_LABEL = 20;
export const MAX_QUESTION_STRAND = 80;

export interface QuestionInput {
  /** How the paper numbers it (`1`, `2a`, `12(b)`). */
  label: string;
  maxMarks: number;
  /** The strand or topic it tests (e.g. `Fractions`, `Retrieval`). */
  strand: string;
}

export interface CreateQuestionTestRequest {
  name: string;
  /** `YYYY-MM-DD`: the day it was sat; pupils are grouped by their attributes as at this day. */
  date: string;
  questions: QuestionInput[];
}

export interface QuestionView extends QuestionInput {
  id: string;
  /** 1-based order on the paper. */
  number: number;
}

export interface QuestionTestView {
  id: string;
  name: string;
  date: string;
  /** In paper order. */
  questions: QuestionView[];
  createdAt: string;
}

export interface QuestionTestSummary {
  id: string;
  name: string;
  date: string;
  questions: number;
  maxMarks: number;
}

export interface QuestionTestRef {
  testId: string;
}

/** One pupil's mark on one question. */
export interface QuestionMarkInput {
  pupilId: string;
  questionId: string;
  /** A whole number from 0 to the question's marks. */
  mark: number;
}

/** A grid of marks (pupils × questions), saved atomically: every cell or none, each error naming its cell. */
export interface SaveQuestionMarksRequest {
  testId: string;
  cells: QuestionMarkInput[];
}

export interface QuestionMarksSaveView {
  testId: string;
  saved: number;
}

/** The test's marks the caller may see, by pupil then paper order. */
export interface QuestionMarksView {
  testId: string;
  marks: QuestionMarkInput[];
}

/** What pupils are grouped by, as at the test's date. `all` is the whole cohort. */
export const QUESTION_GROUP_DIMENSIONS = [
  'all',
  'gender',
  'disadvantaged',
  'fsm',
  'pupilPremium',
  'senStatus',
  'eal',
  'yearGroup',
  'classGroup',
] as const;
export type QuestionGroupDimension = (typeof QUESTION_GROUP_DIMENSIONS)[number];

/**
 * Facility = marks scored / marks available, over the group's pupils with a mark for the
 * question (0–1). Every figure of a suppressed group is `[c]` (see QuestionGroupFacilityView).
 */
export interface QuestionFacilityView {
  questionId: string;
  pupils: number | Suppressed;
  marks: number | Suppressed;
  maxMarks: number | Suppressed;
  facility: number | Suppressed;
}

export interface StrandFacilityView {
  strand: string;
  pupils: number | Suppressed;
  marks: number | Suppressed;
  maxMarks: number | Suppressed;
  facility: number | Suppressed;
}

export interface QuestionGroupFacilityView {
  dimension: QuestionGroupDimension;
  /** The group's value (`F`, `true`, `K`, a class group's id); `all` for the cohort; null for pupils without one. */
  value: string | null;
  /**
   * Pupils of the group with at least one mark. `[c]`, with every figure of the group, for a
   * group under 5 pupils, and for the smallest other group of its dimension where it alone
   * would be hidden (the cohort less the others would give it away); a cohort under 5 hides all.
   */
  pupils: number | Suppressed;
  /** In paper order. */
  questions: QuestionFacilityView[];
  /** In order of name. */
  strands: StrandFacilityView[];
}

/** The facility of every question and strand for every group, restricted pupils left out, limited teachers' own pupils. */
export interface QuestionFacilityReport {
  testId: string;
  groups: QuestionGroupFacilityView[];
}

export const CREATE_QUESTION_TEST = definePattern<CreateQuestionTestRequest, QuestionTestView>(
  'assessment.question-test.create',
);
export const LIST_QUESTION_TESTS = definePattern<Record<string, never>, QuestionTestSummary[]>(
  'assessment.question-test.list',
);
export const GET_QUESTION_TEST = definePattern<QuestionTestRef, QuestionTestView>('assessment.question-test.get');
export const SAVE_QUESTION_MARKS = definePattern<SaveQuestionMarksRequest, QuestionMarksSaveView>(
  'assessment.question-marks.save',
);
export const LIST_QUESTION_MARKS = definePattern<QuestionTestRef, QuestionMarksView>('assessment.question-marks.list');
export const GET_QUESTION_FACILITY = definePattern<QuestionTestRef, QuestionFacilityReport>(
  'assessment.question-facility.get',
);
