import { groupViewsOf, GroupRow, GroupSums } from './group-figures';
import { suppressedGroups } from './suppression';

const sums = (pupils: number, atExpected: number, sumPoints = 0): GroupSums => ({
  pupils,
  atExpected,
  sumPoints,
  withPoints: pupils,
  sumProgress: 0,
  withProgress: 0,
});
const row = (dimension: GroupRow['dimension'], value: string, s: GroupSums): GroupRow => ({ dimension, value, ...s });

describe('group figures: gaps to the rest and small-number suppression', () => {
  it('hides a group under 5 and, where it alone would be hidden, the smallest other group of its dimension', () => {
    const total = sums(30, 20);
    const groups = [
      row('ethnicity', 'WBRI', sums(20, 14)),
      row('ethnicity', 'WIRI', sums(7, 4)),
      row('ethnicity', 'ABAN', sums(3, 2)),
      row('eal', 'yes', sums(12, 7)),
      row('eal', 'no', sums(18, 13)),
    ];
    // ABAN (3) is primary; WIRI (7), the smallest shown, is hidden with it so 30 − 20 gives nothing away.
    expect([...suppressedGroups(total, groups)].sort()).toEqual([1, 2]);
  });

  it('hides nothing more when two groups of a dimension are already hidden', () => {
    const groups = [row('sen', 'K', sums(2, 1)), row('sen', 'E', sums(3, 1)), row('sen', 'none', sums(25, 18))];
    expect([...suppressedGroups(sums(30, 20), groups)].sort()).toEqual([0, 1]);
  });

  it('hides everything of a cohort under 5', () => {
    const view = groupViewsOf(sums(4, 2), [row('fsm', 'yes', sums(4, 2))], false);
    expect(view.total.pupils).toBe('[c]');
    expect(view.groups[0].shareAtExpected).toBe('[c]');
  });

  it("gives each group's gap to the rest in percentage points, average points and whole pupils (towards zero)", () => {
    // 28 disadvantaged pupils, 50% at expected, against the other 40 at 65%: 28 × −15 = −4.2 → −4 pupils.
    const view = groupViewsOf(
      sums(68, 40, 68 * 100),
      [
        row('disadvantaged', 'yes', sums(28, 14, 28 * 98)),
        row('disadvantaged', 'no', sums(40, 26, 68 * 100 - 28 * 98)),
      ],
      false,
    );
    expect(view.groups[0]).toMatchObject({ shareAtExpected: 50, gapShare: -15, gapPupils: -4, averagePoints: 98 });
    expect(view.groups[0].gapPoints).toBeCloseTo(-3.4, 2);
    expect(view.groups[1]).toMatchObject({ shareAtExpected: 65, gapShare: 15, gapPupils: 6 });
  });

  it("hides a shown group's gaps when the rest is under 5 (they would give the rest's figures away)", () => {
    const view = groupViewsOf(
      sums(12, 6),
      [row('eal', 'no', sums(9, 5)), row('eal', null as never, sums(3, 1))],
      false,
    );
    expect(view.groups[0]).toMatchObject({ pupils: '[c]' });
    const alone = groupViewsOf(sums(12, 6), [row('gender', 'F', sums(9, 5))], false);
    expect(alone.groups[0]).toMatchObject({ pupils: 9, gapShare: '[c]', gapPupils: '[c]' });
  });
});
