import { definePattern } from '../pattern';
import { GradeBand } from './frameworks';
import { NoOnTrackVerdict, OnTrackRule, OnTrackVerdict } from './targets';

/** One pupil's tracking for an academic year (the school's framework for it). */
export interface PupilTrackingRequest {
  pupilId: string;
  /** `2026/27`; the school's newest framework's year when absent. */
  academicYear?: string;
}

/** A result as the measure's scale reads it. */
export interface TrackedResult {
  /** The grade code, or the number on a range scale. */
  value: string;
  /** The grade's label; the value itself on a range scale. */
  label: string;
  points: number | null;
  /** Where it stands against the expected standard; null when the scale cannot say. */
  band: GradeBand | null;
}

/** One measure at one point for the pupil. */
export interface TrackingCell {
  pointId: string;
  /** Null: no result entered at the point. */
  result: TrackedResult | null;
  /**
   * The verdict of the framework's rule with the figures behind it, or no verdict and what was
   * missing; null when there is no result at the point or the framework has no rule.
   */
  onTrack: OnTrackVerdict | NoOnTrackVerdict | null;
}

export interface TrackingTarget {
  kind: string;
  value: string;
  points: number | null;
}

export interface TrackingMeasure {
  id: string;
  name: string;
  /** The pupil's named targets for the measure, by kind. */
  targets: TrackingTarget[];
  /** One cell per point, in the order of `points`. */
  cells: TrackingCell[];
}

export interface TrackingPoint {
  id: string;
  name: string;
  /** `YYYY-MM-DD`. */
  date: string;
  status: 'open' | 'closed';
}

/**
 * A pupil's tracking: every measure of the year's framework × every assessment point, each
 * with the result, and on-track computed when read. `framework` null: the school has no
 * framework for the year (measures and points are then empty).
 */
export interface PupilTrackingView {
  pupilId: string;
  academicYear: string | null;
  framework: { id: string; name: string; rule: OnTrackRule | null } | null;
  /** In date order. */
  points: TrackingPoint[];
  /** In the order the framework made them. */
  measures: TrackingMeasure[];
}

export const GET_PUPIL_TRACKING = definePattern<PupilTrackingRequest, PupilTrackingView>(
  'assessment.pupil-tracking.get',
);
