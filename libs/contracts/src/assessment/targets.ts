import { defineEvent } from '../events';
import { definePattern } from '../pattern';
import { GradeBand } from './frameworks';

/** The longest name of a target kind (`minimum`, `aspirational` or the school's own). */
export const MAX_TARGET_KIND = 40;
/** The most targets one set request may carry for a pupil and measure. */
export const MAX_TARGETS_PER_SET = 10;
/** The largest tolerance, in points, a straight-line rule may allow. */
export const MAX_ON_TRACK_TOLERANCE = 1000;
/** Common target kinds; a school may name its own. */
export const TARGET_KINDS = ['minimum', 'aspirational'] as const;

export interface TargetInput {
  /** `minimum`, `aspirational` or a name of the school's own, 1–40 characters. */
  kind: string;
  /** A grade code of the measure's scale, or a number within its range, as for a result. */
  value: string;
}

/** Sets (or replaces) the named targets of one pupil for one measure; kinds not sent are kept. */
export interface SetTargetsRequest {
  measureId: string;
  pupilId: string;
  targets: TargetInput[];
}

export interface ListTargetsRequest {
  measureId: string;
  /** Only this pupil's targets; every pupil's for the measure when absent. */
  pupilId?: string;
}

export interface TargetView {
  id: string;
  pupilId: string;
  measureId: string;
  kind: string;
  value: string;
  /** The value's points (a grade's points or the number itself); null for codes without points. */
  points: number | null;
  setBy: string | null;
  setAt: string;
}

/** A straight-line path from the result at a baseline point to a named target, with a tolerance in points. */
export interface StraightLineRule {
  kind: 'straight-line';
  baselinePointId: string;
  /** The target kind the path runs to (e.g. `minimum`). */
  targetKind: string;
  /** How many points below the path still counts as on track. */
  tolerance: number;
}

/** On track when the result's grade band is expected or above at the point. */
export interface ExpectedBandRule {
  kind: 'expected-band';
}

export type OnTrackRule = StraightLineRule | ExpectedBandRule;
export type OnTrackRuleKind = OnTrackRule['kind'];
export const ON_TRACK_RULE_KINDS: readonly OnTrackRuleKind[] = ['straight-line', 'expected-band'];

/** The school's one on-track rule for a framework (flat, so a form or DTO can carry it). */
export interface SetOnTrackRuleRequest {
  frameworkId: string;
  kind: OnTrackRuleKind;
  /** straight-line only: a point of the same framework. */
  baselinePointId?: string;
  /** straight-line only. */
  targetKind?: string;
  /** straight-line only: points, 0 or more. */
  tolerance?: number;
}

export interface FrameworkRuleRef {
  frameworkId: string;
}

export interface OnTrackRuleView {
  frameworkId: string;
  rule: OnTrackRule;
  setBy: string | null;
  setAt: string;
}

/** The figures behind a straight-line verdict. */
export interface StraightLineFigures {
  baselinePoints: number;
  targetPoints: number;
  /** This point's fraction of the way from the baseline point's date to the last point's date (0–1). */
  progress: number;
  /** baseline + (target − baseline) × progress. */
  expectedPoints: number;
  actualPoints: number;
  tolerance: number;
}

/** The figure behind an expected-band verdict. */
export interface ExpectedBandFigures {
  band: GradeBand | null;
}

export type OnTrackVerdict =
  | { onTrack: boolean; rule: StraightLineRule; figures: StraightLineFigures }
  | { onTrack: boolean; rule: ExpectedBandRule; figures: ExpectedBandFigures };

/** No verdict, and why (no baseline result, no target of the kind, a result without points): never guessed. */
export interface NoOnTrackVerdict {
  onTrack: null;
  rule: OnTrackRule;
  missing: 'baseline' | 'target' | 'result-points' | 'dates';
}

export interface OnTrackRequest {
  pointId: string;
  measureId: string;
}

export type PupilOnTrackView = { pupilId: string; value: string } & (OnTrackVerdict | NoOnTrackVerdict);

/** On-track for every pupil with a result for the measure at the point, computed when read. */
export interface OnTrackView {
  pointId: string;
  measureId: string;
  rule: OnTrackRule;
  pupils: PupilOnTrackView[];
}

export const SET_TARGETS = definePattern<SetTargetsRequest, TargetView[]>('assessment.target.set');
export const LIST_TARGETS = definePattern<ListTargetsRequest, TargetView[]>('assessment.target.list');
export const SET_ON_TRACK_RULE = definePattern<SetOnTrackRuleRequest, OnTrackRuleView>('assessment.on-track-rule.set');
export const GET_ON_TRACK_RULE = definePattern<FrameworkRuleRef, OnTrackRuleView>('assessment.on-track-rule.get');
export const GET_ON_TRACK = definePattern<OnTrackRequest, OnTrackView>('assessment.on-track.get');

/** A pupil's targets for a measure were set or replaced (one event per request). */
export const TARGETS_SET = defineEvent<{ pupilId: string; measureId: string; targetIds: string[] }>(
  'evt.assessment.targets.set',
);
/** A framework's on-track rule was chosen or changed. */
export const ON_TRACK_RULE_SET = defineEvent<{ frameworkId: string }>('evt.assessment.on-track-rule.set');
