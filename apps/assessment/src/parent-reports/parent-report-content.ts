import { AttendanceSummary, GradeBand, OnTrackRule, PupilOnTrackView } from '@pt/contracts';
import { bandOf } from '../targets/on-track';
import { ScaleRule } from '../results/result-value';

/** One measure of a report: the result, in words, with targets and on-track in words. */
export interface ReportMeasure {
  name: string;
  value: string;
  inWords: string;
  targets: string;
  onTrack: string;
}

/** Everything a parent report shows, already in words: what the PDF lays out. */
export interface ReportContent {
  schoolName: string;
  pupilName: string;
  yearGroup: string | null;
  academicYear: string;
  pointName: string;
  pointDate: string;
  measures: ReportMeasure[];
  attendance: string;
  teacherComment: string | null;
  /** `YYYY-MM-DD`: the day it was issued. */
  issuedOn: string;
}

const BAND_WORDS: Record<GradeBand, string> = {
  below: 'below the expected standard',
  towards: 'working towards the expected standard',
  expected: 'at the expected standard',
  above: 'above the expected standard',
};

/** A result in words: the grade's label (or the score within its range) and where it stands against the standard. */
export function resultInWords(scale: ScaleRule, value: string): string {
  const band = bandOf(scale, value);
  const standing = band ? `, ${BAND_WORDS[band]}` : '';
  if (scale.kind === 'range' && scale.range) {
    const expected = scale.range.expected === null ? '' : ` (expected standard ${scale.range.expected})`;
    return `A score of ${value} on a scale of ${scale.range.min} to ${scale.range.max}${expected}${standing}`;
  }
  const grade = scale.grades.find((g) => g.code === value);
  return `${grade?.label ?? value}${standing}`;
}

/** Targets in words: `minimum 6, aspirational 7`; `none set` when there are none. */
export function targetsInWords(targets: ReadonlyArray<{ kind: string; value: string }>): string {
  return targets.length ? targets.map((t) => `${t.kind} ${t.value}`).join(', ') : 'none set';
}

const MISSING_WORDS = {
  baseline: 'there is no result at the starting point',
  target: 'no target of the kind the school measures against is set',
  'result-points': 'this result carries no points',
  dates: 'the assessment dates do not allow it',
} as const;

/** On-track in words, with the figures that decided it, so a parent can follow it. */
export function onTrackInWords(rule: OnTrackRule | null, verdict: PupilOnTrackView | null): string {
  if (!rule || !verdict) return 'Not judged: the school has not chosen how on-track is measured';
  if (verdict.onTrack === null) return `Not judged yet: ${MISSING_WORDS[verdict.missing]}`;
  const head = verdict.onTrack ? 'On track' : 'Not on track';
  if ('figures' in verdict && 'expectedPoints' in verdict.figures) {
    const f = verdict.figures;
    const rule = verdict.rule as { targetKind: string };
    return (
      `${head}: ${f.actualPoints} points now, against ${f.expectedPoints} expected at this point on the way ` +
      `from ${f.baselinePoints} to the ${rule.targetKind} target of ${f.targetPoints} (allowing ${f.tolerance} below)`
    );
  }
  return verdict.onTrack ? `${head}: at or above the expected standard` : `${head}: below the expected standard`;
}

/** Attendance in words; the platform records it in pupil-records, and says so when it is not recorded. */
export function attendanceInWords(attendance: AttendanceSummary | null): string {
  if (!attendance || attendance.percentage === null) return 'Attendance is not recorded for this pupil yet.';
  return (
    `${attendance.percentage}% this year: ${attendance.attendedSessions} of ${attendance.possibleSessions} ` +
    `possible sessions (a session is a morning or an afternoon).`
  );
}

/** The short glossary every report ends with [R5]: the terms the report uses, in plain words. */
export const REPORT_GLOSSARY: ReadonlyArray<[string, string]> = [
  ['Expected standard', 'What pupils are expected to know and do by this point in the year.'],
  ['Working towards', 'Not yet at the expected standard, but getting closer.'],
  [
    'Target',
    "A grade the school has set for your child to aim for: 'minimum' is the least we expect, 'aspirational' a stretch.",
  ],
  ['On track', 'Whether the result now is where it needs to be to reach the target, as the school measures it.'],
  ['Points', 'Each grade or score counts as a number of points, so progress between results can be measured.'],
  ['GCSE grades', 'Graded 9 (highest) to 1, and U. Grade 4 is a standard pass and grade 5 a strong pass.'],
  ['Scaled score', 'A test score from 80 to 120; 100 or more means the expected standard was met.'],
];

/** How to discuss the report with the school, which every report must say (SI 2005/1437 Sch. 1) [U15]. */
export const DISCUSS_REPORT =
  "To talk about this report, please contact your child's class teacher or form tutor through the school office.";
