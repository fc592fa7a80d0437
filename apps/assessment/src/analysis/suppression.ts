import { SUPPRESSION_THRESHOLD } from '@pt/contracts';

/**
 * Small-number suppression, the one rule every table of assessment figures by group follows
 * (group analysis and question-level analysis): a figure about fewer than 5 pupils is shown
 * as `[c]`, and so is any figure that, with the totals shown, would give such a one away.
 */

/** A count that must not be shown: some pupils, but fewer than 5 (none is no one to identify). */
export const isSmall = (pupils: number): boolean => pupils > 0 && pupils < SUPPRESSION_THRESHOLD;

/** A group of one dimension of a breakdown, by the pupils in it; a dimension's groups add up to the cohort. */
export interface CountedGroup<D> {
  dimension: D;
  pupils: number;
}

/**
 * Which groups to hide. Primary: fewer than 5 pupils. Complementary: a dimension's groups
 * add up to the cohort, which is shown, so a dimension with exactly one group hidden would
 * give it away (cohort − the others); the smallest shown group of that dimension is hidden
 * with it. A cohort under 5 hides everything. Returns the hidden groups' indexes.
 */
export function suppressedGroups<D>(cohort: { pupils: number }, groups: readonly CountedGroup<D>[]): Set<number> {
  const hidden = new Set<number>();
  groups.forEach((g, i) => {
    if (isSmall(cohort.pupils) || isSmall(g.pupils)) hidden.add(i);
  });
  const byDimension = new Map<D, number[]>();
  groups.forEach((g, i) => byDimension.set(g.dimension, [...(byDimension.get(g.dimension) ?? []), i]));
  for (const members of byDimension.values()) {
    const hiddenHere = members.filter((i) => hidden.has(i));
    if (hiddenHere.length !== 1) continue;
    const next = members
      .filter((i) => !hidden.has(i) && groups[i].pupils > 0)
      .sort((a, b) => groups[a].pupils - groups[b].pupils)[0];
    if (next !== undefined) hidden.add(next);
  }
  return hidden;
}
