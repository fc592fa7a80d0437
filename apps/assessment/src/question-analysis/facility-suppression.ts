import { QuestionGroupFacilityView, SUPPRESSED } from '@pt/contracts';
import { suppressedGroups } from '../analysis/suppression';

const HIDDEN = { pupils: SUPPRESSED, marks: SUPPRESSED, maxMarks: SUPPRESSED, facility: SUPPRESSED } as const;

/**
 * The facility report as it may be shown: the groups the shared suppression rule hides
 * (under 5 pupils, or the one that would give such a group away) keep their questions and
 * strands but show `[c]` for every count, mark and facility, since marks available over a
 * question is its pupils × its marks. The cohort is the `all` group; every other dimension's
 * groups add up to it, a pupil with no value for a dimension being a group of their own.
 */
export function suppressedFacility(groups: readonly QuestionGroupFacilityView[]): QuestionGroupFacilityView[] {
  const cohort = groups.find((g) => g.dimension === 'all');
  const counted = groups.map((g) => ({ dimension: g.dimension, pupils: typeof g.pupils === 'number' ? g.pupils : 0 }));
  const hidden = suppressedGroups({ pupils: typeof cohort?.pupils === 'number' ? cohort.pupils : 0 }, counted);
  return groups.map((g, i) =>
    hidden.has(i)
      ? {
          ...g,
          pupils: SUPPRESSED,
          questions: g.questions.map((q) => ({ questionId: q.questionId, ...HIDDEN })),
          strands: g.strands.map((s) => ({ strand: s.strand, ...HIDDEN })),
        }
      : g,
  );
}
