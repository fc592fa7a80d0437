import type { AnalysisGroupView, AnalysisView, TransitionMatrixView } from '@pt/contracts/assessment/analysis';
import {
  analysisBars,
  figureText,
  gapWords,
  groupLabel,
  heatLevel,
  heatMap,
  totalWords,
} from './assessment-analysis-model';

function group(overrides: Partial<AnalysisGroupView>): AnalysisGroupView {
  return {
    dimension: 'disadvantaged',
    value: 'yes',
    pupils: 5,
    atExpected: 2,
    shareAtExpected: 40,
    averagePoints: 2.2,
    averageProgress: 0.4,
    pupilsWithBaseline: 5,
    gapShare: -35,
    gapPoints: -0.8,
    gapPupils: -1,
    ...overrides,
  };
}

function view(groups: AnalysisGroupView[]): AnalysisView {
  return {
    measureId: 'm',
    pointId: 'p',
    baselinePointId: null,
    asAt: '2026-11-20',
    schoolIds: ['s'],
    total: {
      pupils: 9,
      atExpected: 5,
      shareAtExpected: 55.6,
      averagePoints: 2.6,
      averageProgress: null,
      pupilsWithBaseline: 0,
    },
    groups,
  };
}

describe('console: assessment analysis model', () => {
  it('names groups as staff say them, both sides of a yes/no group, and classes by name', () => {
    expect(groupLabel({ dimension: 'disadvantaged', value: 'yes' })).toBe('Disadvantaged');
    expect(groupLabel({ dimension: 'disadvantaged', value: 'no' })).toBe('Not disadvantaged');
    expect(groupLabel({ dimension: 'eal', value: 'yes' })).toBe('EAL');
    expect(groupLabel({ dimension: 'sen', value: 'sen-support' })).toBe('SEN support');
    expect(groupLabel({ dimension: 'gender', value: 'F' })).toBe('Female');
    expect(groupLabel({ dimension: 'year', value: '4' })).toBe('Year 4');
    expect(groupLabel({ dimension: 'year', value: 'R' })).toBe('Reception');
    expect(groupLabel({ dimension: 'class', value: 'c1' }, new Map([['c1', '4G']]))).toBe('4G');
    expect(groupLabel({ dimension: 'ethnicity', value: null })).toBe('Not recorded');
  });

  it('keeps [c] and "none" as words, a share with its per cent sign and progress signed', () => {
    expect(figureText('[c]', 'share')).toBe('[c]');
    expect(figureText(null, 'points')).toBe('none');
    expect(figureText(40, 'share')).toBe('40%');
    expect(figureText(0.5, 'progress')).toBe('+0.5');
    expect(figureText(-0.5, 'progress')).toBe('-0.5');
    expect(figureText(0, 'progress')).toBe('0');
  });

  it('draws a dimension’s groups as bars; a suppressed figure is no bar and says why', () => {
    const data = view([
      group({}),
      group({ value: 'no', pupils: '[c]', atExpected: '[c]', shareAtExpected: '[c]', gapShare: '[c]' }),
      group({ dimension: 'eal', value: 'yes' }),
    ]);
    const bars = analysisBars(data, 'disadvantaged', 'shareAtExpected');
    expect(bars).toEqual([
      { key: 'disadvantaged:yes', label: 'Disadvantaged', value: 40, text: '40% (5 pupils)' },
      { key: 'disadvantaged:no', label: 'Not disadvantaged', value: 0, text: '[c] (fewer than 5 pupils)' },
    ]);
    expect(analysisBars(data, 'disadvantaged', 'averagePoints')[0].text).toBe('2.2 (5 pupils)');
    expect(analysisBars(view([group({ averageProgress: null })]), 'disadvantaged', 'averageProgress')[0]).toMatchObject(
      { value: 0, text: 'no figure' },
    );
  });

  it('explains a gap in points and in whole pupils, and says when it is hidden', () => {
    expect(gapWords(group({}), 'shareAtExpected')).toBe('35 percentage points below the rest (1 pupil short)');
    expect(gapWords(group({ gapShare: 12.5, gapPupils: 2 }), 'shareAtExpected')).toBe(
      '12.5 percentage points above the rest (2 pupils ahead)',
    );
    expect(gapWords(group({ gapShare: 0, gapPupils: 0 }), 'shareAtExpected')).toBe('level with the rest');
    expect(gapWords(group({}), 'averagePoints')).toBe('0.8 points below the rest');
    expect(gapWords(group({ gapShare: '[c]' }), 'shareAtExpected')).toBe('[c]');
    expect(gapWords(group({}), 'averageProgress')).toBe('');
  });

  it('sums the cohort up in one sentence, progress only with a baseline', () => {
    const total = view([]).total;
    expect(totalWords(total, false)).toBe(
      '9 pupils with a result; 5 at expected or above (55.6%); average points 2.6.',
    );
    expect(totalWords({ ...total, averageProgress: 0.67, pupilsWithBaseline: 6 }, true)).toContain(
      'average progress +0.67 points over 6 pupils with a baseline result',
    );
  });

  it('shades heat-map cells 0 for none and 1–4 by their share of the largest', () => {
    expect(heatLevel(0, 5)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1);
    expect(heatLevel(2, 4)).toBe(2);
    expect(heatLevel(3, 4)).toBe(3);
    expect(heatLevel(4, 4)).toBe(4);
    expect(heatLevel(0, 0)).toBe(0);
  });

  it('fills every cell of both axes, absent cells with 0, and totals rows and columns', () => {
    const axis = [
      { key: 'DEV', label: 'Developing' },
      { key: 'SEC', label: 'Secure' },
    ];
    const matrix: TransitionMatrixView = {
      from: { pointId: 'a', measureId: 'm', axis },
      to: { pointId: 'b', measureId: 'm', axis },
      pupils: 5,
      cells: [
        { fromKey: 'DEV', toKey: 'SEC', pupils: 4 },
        { fromKey: 'SEC', toKey: 'SEC', pupils: 1 },
      ],
    };
    const map = heatMap(matrix);
    expect(map.rows.map((r) => r.cells.map((c) => [c.pupils, c.level]))).toEqual([
      [
        [0, 0],
        [4, 4],
      ],
      [
        [0, 0],
        [1, 1],
      ],
    ]);
    expect(map.rows.map((r) => r.total)).toEqual([4, 1]);
    expect(map.columns.map((c) => [c.label, c.total])).toEqual([
      ['Developing', 0],
      ['Secure', 5],
    ]);
    expect(map.largest).toBe(4);
  });
});
