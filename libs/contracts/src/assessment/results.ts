import { defineEvent } from '../events';
import { definePattern } from '../pattern';
import { YearGroup } from '../pupils/pupil';

/** The most cells one grid save may carry (a class of 30 × 12 measures is 360). */
export const MAX_GRID_CELLS = 2000;
/** The longest comment on a result. */
export const MAX_RESULT_COMMENT = 500;

/** One cell of a grid: a pupil's value for a measure at the grid's point. */
export interface ResultCellInput {
  pupilId: string;
  measureId: string;
  /** A grade code of the measure's scale, or a number within its range (as text, e.g. `104`). */
  value: string;
  /** A short comment; absent or null for none. */
  comment?: string | null;
}

export interface RecordResultRequest extends ResultCellInput {
  pointId: string;
}

/** A whole grid (pupils × measures at one point), saved atomically: every cell or none. */
export interface SaveResultGridRequest {
  pointId: string;
  cells: ResultCellInput[];
}

export interface ResultView {
  id: string;
  pupilId: string;
  measureId: string;
  pointId: string;
  value: string;
  /** The value's numeric points (a grade's points or the number itself); null for codes without points. */
  points: number | null;
  comment: string | null;
  recordedBy: string | null;
  recordedAt: string;
}

export interface ResultGridSaveView {
  pointId: string;
  /** Cells that had no result before. */
  recorded: number;
  /** Cells whose value or comment changed. */
  changed: number;
  /** Cells sent with the value and comment they already had (no history row). */
  unchanged: number;
}

export interface ListResultsRequest {
  pointId: string;
  /** Only this measure's results; the whole grid of the point when absent. */
  measureId?: string;
}

export interface ResultHistoryRequest {
  pointId: string;
  measureId: string;
  pupilId: string;
}

/** One change of a result: who, when, old → new (append-only). */
export interface ResultHistoryEntryView {
  id: string;
  resultId: string;
  oldValue: string | null;
  newValue: string;
  oldComment: string | null;
  newComment: string | null;
  changedBy: string | null;
  changedAt: string;
}

/** Which results are still to be entered at a point: the whole school's, or narrowed. */
export interface MissingResultsRequest {
  pointId: string;
  /** Only this measure; every measure of the point's framework when absent. */
  measureId?: string;
  /** Only pupils in this class group as at the point's date. */
  classGroupId?: string;
  /** Only pupils in this year group as at the point's date. */
  yearGroup?: YearGroup;
}

/** Expected and missing results of one class group (a teacher's class), as at the point's date. */
export interface MissingResultsGroupView {
  /** Null: pupils in no class group. */
  classGroupId: string | null;
  pupils: number;
  expected: number;
  missing: number;
}

/** A pupil with at least one result still to enter, and which measures. */
export interface PupilMissingResultsView {
  pupilId: string;
  classGroupId: string | null;
  yearGroup: YearGroup;
  measureIds: string[];
}

/**
 * A point's missing results: every pupil on roll at the point's date (attributes as they
 * stood then; restricted pupils left out, P18) × every measure, less the results entered.
 * A teacher limited to class groups sees only their pupils.
 */
export interface MissingResultsView {
  pointId: string;
  /** The point's date: whose pupils, in which class and year group, as at the end of it. */
  asAt: string;
  pupils: number;
  expected: number;
  missing: number;
  byClassGroup: MissingResultsGroupView[];
  pupilsMissing: PupilMissingResultsView[];
}

export const RECORD_RESULT = definePattern<RecordResultRequest, ResultView>('assessment.result.record');
export const SAVE_RESULT_GRID = definePattern<SaveResultGridRequest, ResultGridSaveView>('assessment.result.save-grid');
export const LIST_RESULTS = definePattern<ListResultsRequest, ResultView[]>('assessment.result.list');
export const LIST_MISSING_RESULTS = definePattern<MissingResultsRequest, MissingResultsView>(
  'assessment.result.missing',
);
export const GET_RESULT_HISTORY = definePattern<ResultHistoryRequest, ResultHistoryEntryView[]>(
  'assessment.result.history',
);

/** One result entered for the first time (a single entry). */
export const RESULT_RECORDED = defineEvent<{ resultId: string; pupilId: string; measureId: string; pointId: string }>(
  'evt.assessment.result.recorded',
);
/** One result's value or comment changed (a single entry). */
export const RESULT_CHANGED = defineEvent<{ resultId: string; pupilId: string; measureId: string; pointId: string }>(
  'evt.assessment.result.changed',
);
/** A grid was saved: one event per save with its counts, not one per cell. */
export const RESULT_GRID_SAVED = defineEvent<{ pointId: string; recorded: number; changed: number }>(
  'evt.assessment.result-grid.saved',
);
