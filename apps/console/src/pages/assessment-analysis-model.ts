// The analysis page's pure parts (no fetch, no DOM) so the unit project can test them: a
// group's name in words, the figures as chart bars and their text ([c] and "none" kept as
// words, never drawn as a zero), each gap explained, and the transition matrix as a heat map
// (every cell of both axes, its count and a shade from 0 to 4 by its share of the largest).
import {
  SUPPRESSED,
  type AnalysisDimension,
  type AnalysisFigures,
  type AnalysisGroupView,
  type AnalysisView,
  type Suppressed,
  type TransitionMatrixView,
} from '@pt/contracts/assessment/analysis';
import type { ChartBar } from './finance-figures';

type Figure = number | null | Suppressed;

/** The dimensions a school chooses between, as staff say them; yes/no groups name both sides. */
export const DIMENSIONS: Array<{ key: AnalysisDimension; label: string; yes?: string; no?: string }> = [
  { key: 'disadvantaged', label: 'Disadvantaged', yes: 'Disadvantaged', no: 'Not disadvantaged' },
  { key: 'pupilPremium', label: 'Pupil premium', yes: 'Pupil premium', no: 'Not pupil premium' },
  { key: 'fsm', label: 'Free school meals', yes: 'Free school meals', no: 'No free school meals' },
  { key: 'fsm6', label: 'FSM in the last 6 years', yes: 'FSM in the last 6 years', no: 'Not FSM in 6 years' },
  { key: 'sen', label: 'SEN' },
  { key: 'eal', label: 'English as an additional language', yes: 'EAL', no: 'Not EAL' },
  { key: 'gender', label: 'Gender' },
  { key: 'ethnicity', label: 'Ethnicity' },
  { key: 'inCare', label: 'In care', yes: 'In care', no: 'Not in care' },
  { key: 'giftedAndTalented', label: 'Gifted and talented', yes: 'Gifted and talented', no: 'Not gifted and talented' },
  { key: 'year', label: 'Year group' },
  { key: 'class', label: 'Class group' },
];

const GENDERS: Record<string, string> = { M: 'Male', F: 'Female', U: 'Unknown' };
const SEN: Record<string, string> = { none: 'No SEN', 'sen-support': 'SEN support', 'ehc-plan': 'EHC plan' };

/** A group's name: "Disadvantaged", "Year 4", the class's name, "SEN support", "Not recorded". */
export function groupLabel(
  group: Pick<AnalysisGroupView, 'dimension' | 'value'>,
  classNames: ReadonlyMap<string, string> = new Map(),
): string {
  const { dimension, value } = group;
  if (value === null) return 'Not recorded';
  const known = DIMENSIONS.find((d) => d.key === dimension);
  if (known?.yes && value === 'yes') return known.yes;
  if (known?.no && value === 'no') return known.no;
  switch (dimension) {
    case 'year':
      return value === 'R' ? 'Reception' : value === 'N' ? 'Nursery' : `Year ${value}`;
    case 'class':
      return classNames.get(value) ?? 'A class group no longer listed';
    case 'gender':
      return GENDERS[value] ?? value;
    case 'sen':
      return SEN[value] ?? value;
    default:
      return value;
  }
}

/** What a chart can show for each group. */
export type AnalysisMeasureKey = 'shareAtExpected' | 'averagePoints' | 'averageProgress';

export const FIGURES: Record<AnalysisMeasureKey, { label: string; gap: 'gapShare' | 'gapPoints' | null }> = {
  shareAtExpected: { label: 'Share at expected or above', gap: 'gapShare' },
  averagePoints: { label: 'Average points', gap: 'gapPoints' },
  averageProgress: { label: 'Average progress since the baseline, in points', gap: null },
};

/** A figure as text: `[c]` as it is, null as "none", a share with its per cent sign, progress signed. */
export function figureText(value: Figure, kind: 'share' | 'points' | 'progress' | 'count' = 'count'): string {
  if (value === SUPPRESSED) return SUPPRESSED;
  if (value === null) return 'none';
  if (kind === 'share') return `${value}%`;
  if (kind === 'progress' && value > 0) return `+${value}`;
  return String(value);
}

function kindOf(measure: AnalysisMeasureKey): 'share' | 'points' | 'progress' {
  return measure === 'shareAtExpected' ? 'share' : measure === 'averagePoints' ? 'points' : 'progress';
}

/** The groups of one dimension, in the order the API gives them. */
export function groupsOf(view: AnalysisView, dimension: AnalysisDimension): AnalysisGroupView[] {
  return view.groups.filter((g) => g.dimension === dimension);
}

/**
 * A dimension's groups as bars of one figure. A suppressed or missing figure is a bar of no
 * length whose text says why, so the picture never shows a hidden figure as a zero.
 */
export function analysisBars(
  view: AnalysisView,
  dimension: AnalysisDimension,
  measure: AnalysisMeasureKey,
  classNames: ReadonlyMap<string, string> = new Map(),
): ChartBar[] {
  return groupsOf(view, dimension).map((group) => {
    const value = group[measure];
    return {
      key: `${dimension}:${group.value ?? ''}`,
      label: groupLabel(group, classNames),
      value: typeof value === 'number' ? value : 0,
      text:
        value === SUPPRESSED
          ? '[c] (fewer than 5 pupils)'
          : value === null
            ? 'no figure'
            : `${figureText(value, kindOf(measure))} (${figureText(group.pupils)} pupils)`,
    };
  });
}

/** A group's gap to the rest of the cohort in words, e.g. "12.5 percentage points below the rest (1 pupil)". */
export function gapWords(group: AnalysisGroupView, measure: AnalysisMeasureKey): string {
  const key = FIGURES[measure].gap;
  if (!key) return '';
  const gap = group[key];
  if (gap === SUPPRESSED) return '[c]';
  if (gap === null) return 'no gap to work out';
  const unit = measure === 'shareAtExpected' ? 'percentage points' : 'points';
  const direction = gap > 0 ? 'above' : gap < 0 ? 'below' : 'level with';
  const size = gap === 0 ? '' : `${Math.abs(gap)} ${unit} `;
  let words = `${size}${direction} the rest`;
  if (measure === 'shareAtExpected' && typeof group.gapPupils === 'number' && group.gapPupils !== 0) {
    const n = Math.abs(group.gapPupils);
    words += ` (${n} pupil${n === 1 ? '' : 's'} ${group.gapPupils < 0 ? 'short' : 'ahead'})`;
  }
  return words;
}

/** The cohort's figures in one sentence. */
export function totalWords(total: AnalysisFigures, withBaseline: boolean): string {
  const parts = [
    `${figureText(total.pupils)} pupils with a result`,
    `${figureText(total.atExpected)} at expected or above (${figureText(total.shareAtExpected, 'share')})`,
    `average points ${figureText(total.averagePoints)}`,
  ];
  if (withBaseline)
    parts.push(
      `average progress ${figureText(total.averageProgress, 'progress')} points over ${figureText(total.pupilsWithBaseline)} pupils with a baseline result`,
    );
  return `${parts.join('; ')}.`;
}

export interface HeatCell {
  fromKey: string;
  toKey: string;
  pupils: number;
  /** 0 (none) to 4 (the largest cell), the shade the cell is drawn in. */
  level: number;
}

export interface HeatMap {
  rows: Array<{ key: string; label: string; cells: HeatCell[]; total: number }>;
  columns: Array<{ key: string; label: string; total: number }>;
  pupils: number;
  largest: number;
}

/** Shade 0 for an empty cell, else 1–4 by its share of the largest cell (so any pupil shows). */
export function heatLevel(pupils: number, largest: number): number {
  if (pupils <= 0 || largest <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((pupils / largest) * 4)));
}

/** Every row × column of the two axes (absent cells hold 0), with row and column totals. */
export function heatMap(view: TransitionMatrixView): HeatMap {
  const counts = new Map(view.cells.map((c) => [`${c.fromKey}\u0000${c.toKey}`, c.pupils]));
  const largest = Math.max(0, ...view.cells.map((c) => c.pupils));
  const rows = view.from.axis.map((from) => {
    const cells = view.to.axis.map((to) => {
      const pupils = counts.get(`${from.key}\u0000${to.key}`) ?? 0;
      return { fromKey: from.key, toKey: to.key, pupils, level: heatLevel(pupils, largest) };
    });
    return { key: from.key, label: from.label, cells, total: cells.reduce((sum, c) => sum + c.pupils, 0) };
  });
  const columns = view.to.axis.map((to, index) => ({
    key: to.key,
    label: to.label,
    total: rows.reduce((sum, row) => sum + row.cells[index].pupils, 0),
  }));
  return { rows, columns, pupils: view.pupils, largest };
}
