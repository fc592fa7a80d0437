import {
  ExpectedBandRule,
  GradeBand,
  NoOnTrackVerdict,
  OnTrackVerdict,
  StraightLineFigures,
  StraightLineRule,
} from '@pt/contracts';
import { ScaleRule } from '../results/result-value';

const DAY_MS = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

/**
 * How far a point's date lies from the baseline point's date to the last point's date, clamped
 * to 0–1 (a point on or before the baseline is 0, the last point is 1). Dates are ISO `YYYY-MM-DD`.
 */
export function pathProgress(baselineDate: string, pointDate: string, lastDate: string): number | null {
  const [from, at, to] = [day(baselineDate), day(pointDate), day(lastDate)];
  if (![from, at, to].every(Number.isFinite)) return null;
  if (to <= from) return at >= to ? 1 : 0;
  return round4(Math.min(1, Math.max(0, (at - from) / (to - from))));
}

/** Straight-line: on track when the actual points are at least the path's points now less the tolerance. */
export function straightLineOnTrack(
  rule: StraightLineRule,
  input: {
    baselinePoints: number | null;
    targetPoints: number | null;
    actualPoints: number | null;
    progress: number | null;
  },
): OnTrackVerdict | NoOnTrackVerdict {
  if (input.baselinePoints === null) return { onTrack: null, rule, missing: 'baseline' };
  if (input.targetPoints === null) return { onTrack: null, rule, missing: 'target' };
  if (input.actualPoints === null) return { onTrack: null, rule, missing: 'result-points' };
  if (input.progress === null) return { onTrack: null, rule, missing: 'dates' };
  const expectedPoints = round4(input.baselinePoints + (input.targetPoints - input.baselinePoints) * input.progress);
  const figures: StraightLineFigures = {
    baselinePoints: input.baselinePoints,
    targetPoints: input.targetPoints,
    progress: input.progress,
    expectedPoints,
    actualPoints: input.actualPoints,
    tolerance: rule.tolerance,
  };
  return { onTrack: input.actualPoints >= round4(expectedPoints - rule.tolerance), rule, figures };
}

/**
 * The band of a value on its scale: a grade's own band, or for a range scale `above` at or over
 * the high score, `expected` at or over the expected standard, otherwise `below`; null when the
 * scale cannot say (a code without a band, a range without an expected standard).
 */
export function bandOf(scale: ScaleRule, value: string): GradeBand | null {
  if (scale.kind === 'range' && scale.range) {
    const n = Number(value);
    if (!Number.isFinite(n) || scale.range.expected === null) return null;
    if (scale.range.high !== null && n >= scale.range.high) return 'above';
    return n >= scale.range.expected ? 'expected' : 'below';
  }
  return scale.grades.find((g) => g.code === value)?.band ?? null;
}

/** Expected-band: on track when the result's band is expected or above; a value without a band is not on track. */
export function expectedBandOnTrack(rule: ExpectedBandRule, band: GradeBand | null): OnTrackVerdict {
  return { onTrack: band === 'expected' || band === 'above', rule, figures: { band } };
}
