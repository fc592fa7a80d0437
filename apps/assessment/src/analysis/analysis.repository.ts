import { EntityManager } from '@mikro-orm/postgresql';
import { AnalysisDimension } from '@pt/contracts';
import { GroupRow, GroupSums } from './group-figures';

/** One school's measure and point to analyse (and the baseline point and measure, if any). */
export interface AnalysisSelection {
  tenantId: string;
  measureId: string;
  pointId: string;
  pointDate: string;
  baselinePointId: string | null;
  baselineMeasureId: string | null;
  /** The baseline point's date (YYYY-MM-DD), when there is one: result_group_sum pairs earlier points only. */
  baselinePointDate?: string | null;
}

/**
 * The columns analysis groups by, in the order of the GROUPING() bitmask below (the first
 * column is the highest bit), with the dimension each stands for and how its value reads.
 */
const GROUP_COLUMNS: Array<{ column: string; dimension: AnalysisDimension; flag?: true }> = [
  { column: 'tenant_id', dimension: 'school' },
  { column: 'year_group', dimension: 'year' },
  { column: 'class_group_id', dimension: 'class' },
  { column: 'gender', dimension: 'gender' },
  { column: 'ethnicity', dimension: 'ethnicity' },
  { column: 'sen_status', dimension: 'sen' },
  { column: 'fsm', dimension: 'fsm', flag: true },
  { column: 'fsm6', dimension: 'fsm6', flag: true },
  { column: 'pupil_premium', dimension: 'pupilPremium', flag: true },
  { column: 'disadvantaged', dimension: 'disadvantaged', flag: true },
  { column: 'eal', dimension: 'eal', flag: true },
  { column: 'in_la_care', dimension: 'inCare', flag: true },
  { column: 'gifted_and_talented', dimension: 'giftedAndTalented', flag: true },
];

interface SumsRow {
  grouping: number;
  pupils: string;
  at_expected: string;
  sum_points: number | null;
  with_points: string;
  sum_progress: number | null;
  with_progress: string;
  [column: string]: unknown;
}

/**
 * The analysis query: the results of a measure at a point in one or more schools, each
 * pupil in the groups they were in at the end of the point's day (their pupil_period then),
 * with their baseline result beside it, summed over every group at once by GROUPING SETS:
 * one scan, one statement, whatever the number of pupils or schools. Only additive sums
 * come back (pupils, at expected, points and progress totals), so every share, average and
 * gap to the rest is worked out from them (group-figures.ts).
 *
 * `sel` (the schools' measure, point and scale) is materialised: planned on its own, it keeps
 * the main statement's join search to results and periods (planning was a quarter of the time).
 *
 * Left out: pupils restricted now (P18, by their open period), pupils with no period at the
 * date (erased pupils have none, P17), and for a teacher limited to class groups the pupils
 * not in those groups now (P19).
 */
export class AnalysisRepository {
  constructor(private readonly em: EntityManager) {}

  async sums(
    selections: readonly AnalysisSelection[],
    options: { classGroupScope: readonly string[] | null; bySchool: boolean },
  ): Promise<{ total: GroupSums; groups: GroupRow[] }> {
    // GROUPING() may only name columns grouped by, so one school's analysis drops tenant_id.
    const columns = GROUP_COLUMNS.filter((c) => options.bySchool || c.dimension !== 'school');
    const columnList = columns.map((c) => c.column).join(', ');
    const sets = columns.map((c) => `(${c.column})`).join(', ');
    const params: unknown[] = [JSON.stringify(selections.map(selectionRow))];
    if (options.classGroupScope) params.push(JSON.stringify(options.classGroupScope));
    const rows = await this.em.execute<SumsRow[]>(
      `with sel as materialized (
         select x.tenant_id, x.measure_id, x.point_id, x.baseline_point_id, x.baseline_measure_id,
                ((x.point_date + 1)::timestamp at time zone 'Europe/London') as day_end,
                s.kind, (s.range ->> 'expected')::float8 as expected_min,
                array(select g ->> 'code' from jsonb_array_elements(s.grades) g
                       where g ->> 'band' in ('expected', 'above')) as expected_codes
           from jsonb_to_recordset(?::jsonb) as x(tenant_id uuid, measure_id uuid, point_id uuid, point_date date,
                                                  baseline_point_id uuid, baseline_measure_id uuid)
           join measure m on m.tenant_id = x.tenant_id and m.id = x.measure_id
           join grade_scale s on s.tenant_id = m.tenant_id and s.id = m.grade_scale_id
       ),
       cohort as (
         select r.tenant_id, p.year_group, p.class_group_id, p.gender, p.ethnicity, p.sen_status,
                p.fsm, p.fsm6, p.pupil_premium, p.disadvantaged, p.eal, p.in_la_care, p.gifted_and_talented,
                r.points,
                case when sel.kind = 'range' then coalesce(r.points >= sel.expected_min, false)
                     else r.value = any(sel.expected_codes) end as at_expected,
                -- A subquery rather than a join: every key is known when it runs, so it is one
                -- probe of the unique (tenant, point, measure, pupil) index per pupil.
                r.points - (select b.points from assessment_result b
                             where b.tenant_id = r.tenant_id and b.point_id = sel.baseline_point_id
                               and b.measure_id = sel.baseline_measure_id and b.pupil_id = r.pupil_id) as progress
           from sel
           join assessment_result r
             on r.tenant_id = sel.tenant_id and r.point_id = sel.point_id and r.measure_id = sel.measure_id
           join pupil_period p
             on p.tenant_id = r.tenant_id and p.pupil_id = r.pupil_id
            and p.valid_from < sel.day_end and (p.valid_to is null or p.valid_to >= sel.day_end)
           join pupil_period c
             on c.tenant_id = r.tenant_id and c.pupil_id = r.pupil_id and c.valid_to is null
          where not c.restricted
            ${options.classGroupScope ? 'and c.class_group_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))' : ''}
       )
       select grouping(${columnList}) as grouping, ${columnList},
              count(*) as pupils, count(*) filter (where at_expected) as at_expected,
              sum(points) as sum_points, count(points) as with_points,
              sum(progress) as sum_progress, count(progress) as with_progress
         from cohort
        group by grouping sets ((), ${sets})`,
      params,
    );
    return totalAndGroups(rows, columns);
  }

  /**
   * Whether summedSums can answer for these selections: result_group_sum holds progress from
   * the same measure at an earlier point only (and nothing by class scope).
   */
  static canSum(selections: readonly AnalysisSelection[]): boolean {
    return selections.every(
      (s) =>
        s.baselinePointId === null ||
        (s.baselineMeasureId === s.measureId && !!s.baselinePointDate && s.baselinePointDate < s.pointDate),
    );
  }

  /**
   * The same figures as `sums(selections, { bySchool, classGroupScope: null })`, read
   * from result_group_sum (kept in step with every result and pupil period by triggers, see
   * its entity; results saved since the last read folded in first): at most one row per school, group and measure at the point (and one for the
   * progress from the baseline) are added up, instead of every result and period being read.
   * Only where `canSum` says so.
   */
  async summedSums(
    selections: readonly AnalysisSelection[],
    options: { bySchool: boolean } = { bySchool: true },
  ): Promise<{ total: GroupSums; groups: GroupRow[] }> {
    const columns = GROUP_COLUMNS.filter((c) => options.bySchool || c.dimension !== 'school');
    // Results saved since the last read are only noted (result_group_sum_pending, so a grid save
    // need not re-sum the summary): folded in first, so the sums read include every save committed.
    await this.em.execute(`select result_group_sum_fold(array(select jsonb_array_elements_text(?::jsonb)::uuid))`, [
      JSON.stringify([...new Set(selections.map((s) => s.tenantId))]),
    ]);
    const rows = await this.em.execute<SumsRow[]>(
      `with sel as (
         select * from jsonb_to_recordset(?::jsonb) as x(tenant_id uuid, measure_id uuid, point_id uuid, baseline_point_id uuid)
       ),
       summed as (
         select g.tenant_id, g.dimension, g.value, g.pupils, g.at_expected, g.sum_points, g.with_points,
                g.sum_progress, g.with_progress
           from sel join result_group_sum g
             on g.tenant_id = sel.tenant_id and g.point_id = sel.point_id and g.measure_id = sel.measure_id
            and (g.baseline_point_id is null or g.baseline_point_id = sel.baseline_point_id)
       )
       select dimension, value, sum(pupils) as pupils, sum(at_expected) as at_expected,
              sum(sum_points)::float8 as sum_points, sum(with_points) as with_points,
              sum(sum_progress)::float8 as sum_progress, sum(with_progress) as with_progress
         from summed group by dimension, value having sum(pupils) > 0
       ${options.bySchool ? BY_SCHOOL_SQL : ''}`,
      [JSON.stringify(selections.map(selectionRow))],
    );
    // As rows of the GROUPING SETS statement: 'all' is the grand total, every other row one column grouped.
    const bit = (dimension: string) => {
      const i = columns.findIndex((c) => c.dimension === dimension);
      return 1 << (columns.length - 1 - i);
    };
    const all = (1 << columns.length) - 1;
    return totalAndGroups(
      rows.map((row) => {
        const dimension = row.dimension as string;
        if (dimension === 'all') return { ...row, grouping: all };
        const column = columns.find((c) => c.dimension === dimension)!;
        const value = row.value as string | null;
        return {
          ...row,
          grouping: all - bit(dimension),
          [column.column]: column.flag && value !== null ? value === 'yes' : value,
        };
      }),
      columns,
    );
  }
}

/** summedSums' rows of the school dimension: each school's cohort ('all'). */
const BY_SCHOOL_SQL = `union all
  select 'school', tenant_id::text, sum(pupils), sum(at_expected), sum(sum_points)::float8, sum(with_points),
         sum(sum_progress)::float8, sum(with_progress)
    from summed where dimension = 'all' group by tenant_id having sum(pupils) > 0`;

/** The grand total and each group (sorted by dimension, then value) from rows as the GROUPING SETS statement returns them. */
function totalAndGroups(
  rows: readonly SumsRow[],
  columns: ReadonlyArray<{ column: string; dimension: AnalysisDimension; flag?: true }>,
): { total: GroupSums; groups: GroupRow[] } {
  const all = (1 << columns.length) - 1;
  let total: GroupSums = { pupils: 0, atExpected: 0, sumPoints: 0, withPoints: 0, sumProgress: 0, withProgress: 0 };
  const groups: GroupRow[] = [];
  for (const row of rows) {
    const sums = sumsOf(row);
    if (row.grouping === all) {
      total = sums;
      continue;
    }
    // The one column grouped by is the one bit not set.
    const column = columns.find((_, i) => (row.grouping & (1 << (columns.length - 1 - i))) === 0)!;
    const raw = row[column.column];
    const value = raw === null || raw === undefined ? null : column.flag ? (raw ? 'yes' : 'no') : String(raw);
    groups.push({ dimension: column.dimension, value, ...sums });
  }
  groups.sort(
    (a, b) =>
      GROUP_COLUMNS.findIndex((c) => c.dimension === a.dimension) -
        GROUP_COLUMNS.findIndex((c) => c.dimension === b.dimension) ||
      (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff', 'en', { numeric: true }),
  );
  return { total, groups };
}

function selectionRow(s: AnalysisSelection): Record<string, unknown> {
  return {
    tenant_id: s.tenantId,
    measure_id: s.measureId,
    point_id: s.pointId,
    point_date: s.pointDate,
    baseline_point_id: s.baselinePointId,
    baseline_measure_id: s.baselineMeasureId,
  };
}

function sumsOf(row: SumsRow): GroupSums {
  return {
    pupils: Number(row.pupils),
    atExpected: Number(row.at_expected),
    sumPoints: Number(row.sum_points ?? 0),
    withPoints: Number(row.with_points),
    sumProgress: Number(row.sum_progress ?? 0),
    withProgress: Number(row.with_progress),
  };
}
