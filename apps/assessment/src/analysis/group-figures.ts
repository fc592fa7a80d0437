import { AnalysisDimension, AnalysisFigures, AnalysisGroupView, SUPPRESSED } from '@pt/contracts';
import { isSmall, suppressedGroups } from './suppression';

/**
 * Additive sums of a cohort or a group, as the analysis query returns them: every figure
 * shown, and each group's "rest" (cohort minus group), is worked out from these alone.
 */
export interface GroupSums {
  pupils: number;
  atExpected: number;
  sumPoints: number;
  withPoints: number;
  sumProgress: number;
  withProgress: number;
}

export interface GroupRow extends GroupSums {
  dimension: AnalysisDimension;
  value: string | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const share = (s: GroupSums) => (s.pupils ? (s.atExpected / s.pupils) * 100 : null);
const average = (sum: number, n: number) => (n ? sum / n : null);

function restOf(total: GroupSums, group: GroupSums): GroupSums {
  return {
    pupils: total.pupils - group.pupils,
    atExpected: total.atExpected - group.atExpected,
    sumPoints: total.sumPoints - group.sumPoints,
    withPoints: total.withPoints - group.withPoints,
    sumProgress: total.sumProgress - group.sumProgress,
    withProgress: total.withProgress - group.withProgress,
  };
}

function figuresOf(s: GroupSums, hasBaseline: boolean): AnalysisFigures {
  const sh = share(s);
  const avg = average(s.sumPoints, s.withPoints);
  const progress = hasBaseline ? average(s.sumProgress, s.withProgress) : null;
  return {
    pupils: s.pupils,
    atExpected: s.atExpected,
    shareAtExpected: sh === null ? null : round1(sh),
    averagePoints: avg === null ? null : round2(avg),
    averageProgress: progress === null ? null : round2(progress),
    pupilsWithBaseline: s.withProgress,
  };
}

const HIDDEN: AnalysisFigures = {
  pupils: SUPPRESSED,
  atExpected: SUPPRESSED,
  shareAtExpected: SUPPRESSED,
  averagePoints: SUPPRESSED,
  averageProgress: SUPPRESSED,
  pupilsWithBaseline: SUPPRESSED,
};

/**
 * Each group's figures and gaps to the rest of the cohort, suppressed where they would
 * tell of fewer than 5 pupils: a hidden group shows `[c]` throughout, and a shown group's
 * gaps are `[c]` when the rest is under 5 (the gap would give the rest's figures away).
 */
export function groupViewsOf(
  total: GroupSums,
  groups: readonly GroupRow[],
  hasBaseline: boolean,
): { total: AnalysisFigures; groups: AnalysisGroupView[] } {
  const hidden = suppressedGroups(total, groups);
  const views = groups.map((g, i): AnalysisGroupView => {
    if (hidden.has(i)) {
      return {
        dimension: g.dimension,
        value: g.value,
        ...HIDDEN,
        gapShare: SUPPRESSED,
        gapPoints: SUPPRESSED,
        gapPupils: SUPPRESSED,
      };
    }
    const rest = restOf(total, g);
    const figures = figuresOf(g, hasBaseline);
    if (isSmall(rest.pupils)) {
      return {
        dimension: g.dimension,
        value: g.value,
        ...figures,
        gapShare: SUPPRESSED,
        gapPoints: SUPPRESSED,
        gapPupils: SUPPRESSED,
      };
    }
    const [groupShare, restShare] = [share(g), share(rest)];
    const [groupAvg, restAvg] = [average(g.sumPoints, g.withPoints), average(rest.sumPoints, rest.withPoints)];
    const gapShare = groupShare === null || restShare === null ? null : groupShare - restShare;
    return {
      dimension: g.dimension,
      value: g.value,
      ...figures,
      gapShare: gapShare === null ? null : round1(gapShare),
      gapPoints: groupAvg === null || restAvg === null ? null : round2(groupAvg - restAvg),
      // Insight's "gap in whole pupils": 28 pupils × −15 percentage points = −4.2 → −4.
      gapPupils: gapShare === null ? null : Math.trunc(round2((g.pupils * gapShare) / 100)) || 0,
    };
  });
  return { total: isSmall(total.pupils) ? HIDDEN : figuresOf(total, hasBaseline), groups: views };
}
