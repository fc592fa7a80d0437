import { definePattern } from '../pattern';

/**
 * What a measure counts as in Attainment 8 [U11][U12]: English language or literature,
 * mathematics, an EBacc subject (sciences, computer science, geography, history,
 * languages), or any other approved qualification, which can only fill an open slot.
 */
export const KS4_ROLES = ['english-language', 'english-literature', 'maths', 'ebacc', 'open'] as const;
export type Ks4Role = (typeof KS4_ROLES)[number];

/** The most pupils one prior-attainment load may carry. */
export const MAX_PRIOR_ATTAINMENT_PUPILS = 2000;
/** The most bands a set of Progress 8 estimates may have. */
export const MAX_PROGRESS8_ESTIMATES = 200;
/** The longest label of a baseline (`KS2 2021`, `CAT4 mean SAS`). */
export const MAX_BASELINE_LABEL = 80;

export interface Ks4MeasureInput {
  measureId: string;
  role: Ks4Role;
}

/** Replaces which of the framework's measures count in Attainment 8, and as what; measures not sent count in none. */
export interface SetKs4MeasuresRequest {
  frameworkId: string;
  measures: Ks4MeasureInput[];
}

export interface Ks4MeasuresView {
  frameworkId: string;
  measures: Ks4MeasureInput[];
}

/**
 * One band of prior attainment and the Attainment 8 expected of pupils in it (DfE's
 * estimates per KS2 prior-attainment group, or the school's own for an alternative
 * baseline): `from` inclusive, `to` exclusive.
 */
export interface Progress8Estimate {
  from: number;
  to: number;
  estimatedAttainment8: number;
}

/**
 * `ks2`: the national KS2 baseline and DfE's estimates for the year; `alternative`: a
 * baseline of the school's own (e.g. CAT scores) for a cohort without KS2 results, where
 * no national Progress 8 exists (2024/25 and 2025/26 [U13]).
 */
export const PROGRESS8_BASELINE_KINDS = ['ks2', 'alternative'] as const;
export type Progress8BaselineKind = (typeof PROGRESS8_BASELINE_KINDS)[number];

/**
 * Sets (or replaces) the cohort's baseline and its estimates for the framework's year. A
 * `ks2` baseline sent without estimates uses the national ones the platform loaded for the
 * framework's academic year; an `alternative` one needs its own.
 */
export interface SetProgress8BaselineRequest {
  frameworkId: string;
  kind: Progress8BaselineKind;
  label: string;
  estimates?: Progress8Estimate[];
}

/** Where a baseline's estimates come from: the school's own, or the platform's national ones for the year. */
export type EstimatesSource = 'school' | 'national';

export interface Progress8BaselineView {
  frameworkId: string;
  kind: Progress8BaselineKind;
  label: string;
  estimatesFrom: EstimatesSource;
  /** In order of `from`; empty when the national estimates are used. */
  estimates: Progress8Estimate[];
  setBy: string | null;
  setAt: string;
}

/** DfE's Progress 8 estimates for an academic year, loaded once by the platform for every school. */
export interface SetNationalProgress8EstimatesRequest {
  academicYear: string;
  estimates: Progress8Estimate[];
}

export interface NationalProgress8EstimatesView {
  academicYear: string;
  /** In order of `from`. */
  estimates: Progress8Estimate[];
  setBy: string | null;
  setAt: string;
}

export interface PriorAttainmentInput {
  pupilId: string;
  /** The pupil's score on the baseline (e.g. the KS2 average of reading and maths scaled scores). */
  score: number;
}

/** Loads (or replaces) pupils' prior attainment for the framework's cohort; pupils not sent keep theirs. */
export interface SetPriorAttainmentRequest {
  frameworkId: string;
  pupils: PriorAttainmentInput[];
}

export interface PriorAttainmentSaveView {
  frameworkId: string;
  saved: number;
}

export interface SecondaryMeasuresRequest {
  pointId: string;
}

/** The eight Attainment 8 slots: two double-weighted, three EBacc, three open. */
export const ATTAINMENT8_SLOTS = [
  'english',
  'maths',
  'ebacc-1',
  'ebacc-2',
  'ebacc-3',
  'open-1',
  'open-2',
  'open-3',
] as const;
export type Attainment8Slot = (typeof ATTAINMENT8_SLOTS)[number];

/** One slot of a pupil's Attainment 8: the result that filled it (or none) and why. */
export interface SlotView {
  slot: Attainment8Slot;
  /** 2 for a double-weighted slot, else 1. */
  weight: number;
  /** Null when no result could fill the slot (it scores 0). */
  measureId: string | null;
  measureName: string | null;
  value: string | null;
  /** The grade's points. */
  points: number;
  /** points × weight: what the slot adds to Attainment 8. */
  slotPoints: number;
  reason: string;
}

/** A result that counts in no slot, and why. */
export interface UnusedResultView {
  measureId: string;
  measureName: string;
  value: string;
  reason: string;
}

/** Why a pupil has no Progress 8. */
export type NoProgress8Reason = 'no-baseline' | 'no-prior-attainment' | 'no-estimate';

export interface PupilSecondaryMeasuresView {
  pupilId: string;
  /** The sum of the eight slots' points (0–90 on GCSE 9–1). */
  attainment8: number;
  /** The pupil's prior attainment on the cohort's baseline; null when none was loaded. */
  priorAttainment: number | null;
  estimatedAttainment8: number | null;
  /** (Attainment 8 − estimate) / 10; null with the reason when it cannot be computed. */
  progress8: number | null;
  noProgress8: NoProgress8Reason | null;
  /** Grade 4 or above in maths and in English language or literature. */
  englishMaths4Plus: boolean;
  englishMaths5Plus: boolean;
  slots: SlotView[];
  unused: UnusedResultView[];
}

export interface CohortSecondaryMeasuresView {
  /** Pupils with at least one result of a measure that counts in Attainment 8. */
  pupils: number;
  /** Mean Attainment 8 (null for no pupils). */
  attainment8: number | null;
  /** Pupils with a Progress 8 (those without prior attainment are left out, as DfE does). */
  progress8Pupils: number;
  progress8: number | null;
  englishMaths4Plus: { pupils: number; percent: number | null };
  englishMaths5Plus: { pupils: number; percent: number | null };
}

/** Attainment 8, Progress 8 and English and maths at a point, for the pupils the caller may see. */
export interface SecondaryMeasuresView {
  pointId: string;
  baseline: { kind: Progress8BaselineKind; label: string; estimatesFrom: EstimatesSource } | null;
  cohort: CohortSecondaryMeasuresView;
  pupils: PupilSecondaryMeasuresView[];
}

export const SET_KS4_MEASURES = definePattern<SetKs4MeasuresRequest, Ks4MeasuresView>('assessment.ks4-measures.set');
export const GET_KS4_MEASURES = definePattern<{ frameworkId: string }, Ks4MeasuresView>('assessment.ks4-measures.get');
export const SET_PROGRESS8_BASELINE = definePattern<SetProgress8BaselineRequest, Progress8BaselineView>(
  'assessment.progress8-baseline.set',
);
export const SET_NATIONAL_PROGRESS8_ESTIMATES = definePattern<
  SetNationalProgress8EstimatesRequest,
  NationalProgress8EstimatesView
>('assessment.national-progress8-estimates.set');
export const GET_NATIONAL_PROGRESS8_ESTIMATES = definePattern<{ academicYear: string }, NationalProgress8EstimatesView>(
  'assessment.national-progress8-estimates.get',
);
export const SET_PRIOR_ATTAINMENT = definePattern<SetPriorAttainmentRequest, PriorAttainmentSaveView>(
  'assessment.prior-attainment.set',
);
export const GET_SECONDARY_MEASURES = definePattern<SecondaryMeasuresRequest, SecondaryMeasuresView>(
  'assessment.secondary-measures.get',
);
