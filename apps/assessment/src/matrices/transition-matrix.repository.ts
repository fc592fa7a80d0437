import { EntityManager } from '@mikro-orm/postgresql';
import { TransitionAxisValue, TransitionPupilView } from '@pt/contracts';

/** One side of a matrix: a measure's results at a point. */
export interface MatrixSide {
  pointId: string;
  measureId: string;
}

/** Band order of a numeric range's axis (a range has no grades to list). */
const BANDS: TransitionAxisValue[] = [
  { key: 'below', label: 'Below expected' },
  { key: 'expected', label: 'Expected' },
  { key: 'above', label: 'Above (high score)' },
];

/**
 * A result's place on its measure's axis: the grade code on a grade scale, the band on a
 * numeric range (80–120 would make a 41-wide matrix; its bands are what a school acts on).
 */
const axisKeySql = (r: string, s: string) => `case when ${s}.kind = 'range' then
    case when ${r}.points >= (${s}.range ->> 'high')::float8 then 'above'
         when ${r}.points >= (${s}.range ->> 'expected')::float8 then 'expected'
         else 'below' end
  else ${r}.value end`;

/**
 * Pupils with a result on both sides, the later side's pupil as they stood at its point's
 * date; restricted pupils (P18) and pupils outside a limited teacher's class groups (P19,
 * by their class now) left out, erased pupils (P17) have neither results nor periods.
 */
function pairsSql(classGroupScope: boolean): string {
  return `with sides as (
      select m.id as measure_id, p.id as point_id, s.kind, s.range,
             ((p.date + 1)::timestamp at time zone 'Europe/London') as day_end
        from measure m join grade_scale s on s.id = m.grade_scale_id, assessment_point p
       where m.tenant_id = ? and p.tenant_id = ? and ((m.id = ? and p.id = ?) or (m.id = ? and p.id = ?))
    ),
    f as (select * from sides where measure_id = ? and point_id = ?),
    t as (select * from sides where measure_id = ? and point_id = ?),
    pairs as (
      select a.pupil_id, a.value as from_value, z.value as to_value,
             ${axisKeySql('a', 'f')} as from_key, ${axisKeySql('z', 't')} as to_key,
             pp.year_group, pp.class_group_id, pp.gender, pp.ethnicity, pp.sen_status, pp.fsm, pp.disadvantaged, pp.eal
        from f, t
        join assessment_result z on z.tenant_id = ? and z.point_id = t.point_id and z.measure_id = t.measure_id
        join assessment_result a on a.tenant_id = z.tenant_id and a.pupil_id = z.pupil_id
        join pupil_period pp on pp.tenant_id = z.tenant_id and pp.pupil_id = z.pupil_id
         and pp.valid_from < t.day_end and (pp.valid_to is null or pp.valid_to >= t.day_end)
        join pupil_period c on c.tenant_id = z.tenant_id and c.pupil_id = z.pupil_id and c.valid_to is null
       where a.point_id = f.point_id and a.measure_id = f.measure_id and not c.restricted
         ${classGroupScope ? 'and c.class_group_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))' : ''}
    )`;
}

export class TransitionMatrixRepository {
  constructor(private readonly em: EntityManager) {}

  private params(tenantId: string, from: MatrixSide, to: MatrixSide, scope: readonly string[] | null): unknown[] {
    const params: unknown[] = [
      tenantId,
      tenantId,
      from.measureId,
      from.pointId,
      to.measureId,
      to.pointId,
      from.measureId,
      from.pointId,
      to.measureId,
      to.pointId,
      tenantId,
    ];
    if (scope) params.push(JSON.stringify(scope));
    return params;
  }

  /** The axis of a measure: its grades lowest first, or the bands of a range. */
  async axisOf(tenantId: string, measureId: string): Promise<TransitionAxisValue[]> {
    const [scale] = await this.em.execute<Array<{ kind: string; grades: Array<{ code: string; label: string }> }>>(
      `select s.kind, s.grades from measure m join grade_scale s on s.id = m.grade_scale_id
        where m.tenant_id = ? and m.id = ?`,
      [tenantId, measureId],
    );
    if (!scale) return [];
    return scale.kind === 'range' ? BANDS : scale.grades.map((g) => ({ key: g.code, label: g.label }));
  }

  /** Pupils per (from, to) cell: one query. */
  cells(
    tenantId: string,
    from: MatrixSide,
    to: MatrixSide,
    scope: readonly string[] | null,
  ): Promise<Array<{ from_key: string; to_key: string; pupils: number }>> {
    return this.em.execute(
      `${pairsSql(scope !== null)}
       select from_key, to_key, count(*)::int as pupils from pairs group by from_key, to_key`,
      this.params(tenantId, from, to, scope),
    );
  }

  /** The pupils of one cell: one query. */
  async pupilsOf(
    tenantId: string,
    from: MatrixSide,
    to: MatrixSide,
    scope: readonly string[] | null,
    cell: { fromKey: string; toKey: string },
  ): Promise<TransitionPupilView[]> {
    const rows = await this.em.execute<Array<Record<string, unknown>>>(
      `${pairsSql(scope !== null)}
       select * from pairs where from_key = ? and to_key = ? order by pupil_id`,
      [...this.params(tenantId, from, to, scope), cell.fromKey, cell.toKey],
    );
    return rows.map((r) => ({
      pupilId: r.pupil_id as string,
      fromValue: r.from_value as string,
      toValue: r.to_value as string,
      yearGroup: r.year_group as string,
      classGroupId: r.class_group_id as string | null,
      gender: r.gender as string,
      ethnicity: r.ethnicity as string | null,
      senStatus: r.sen_status as string,
      fsm: r.fsm as boolean,
      disadvantaged: r.disadvantaged as boolean,
      eal: r.eal as boolean,
    }));
  }
}
