import { EntityManager } from '@mikro-orm/postgresql';
import { Ks4Role, Progress8Estimate } from '@pt/contracts';
import { Ks4MeasureRole, PriorAttainment, Progress8Baseline } from './secondary-measures.entity';

/** One result at a point of a measure that counts in Attainment 8, with the pupil's prior attainment. */
export interface Ks4ResultRow {
  pupil_id: string;
  measure_id: string;
  measure_name: string;
  role: Ks4Role;
  value: string;
  points: number | null;
  prior_attainment: number | null;
}

/** The only code that queries Attainment 8 roles, Progress 8 baselines and prior attainment; RLS scopes every read. */
export class SecondaryMeasuresRepository {
  constructor(private readonly em: EntityManager) {}

  rolesOf(frameworkId: string): Promise<Ks4MeasureRole[]> {
    return this.em.find(Ks4MeasureRole, { frameworkId }, { orderBy: { measureId: 'asc' } });
  }

  /** Replaces the framework's roles in one statement (the old rows go, the new ones come, in one snapshot). */
  async replaceRoles(
    tenantId: string,
    frameworkId: string,
    roles: Array<{ id: string; measureId: string; role: string }>,
  ) {
    await this.em.execute(`delete from ks4_measure_role where tenant_id = ? and framework_id = ?`, [
      tenantId,
      frameworkId,
    ]);
    if (!roles.length) return;
    await this.em.execute(
      `insert into ks4_measure_role (id, tenant_id, framework_id, measure_id, role)
       select x.id, ?, ?, x.measure_id, x.role from jsonb_to_recordset(?::jsonb) as x(id uuid, measure_id uuid, role text)`,
      [tenantId, frameworkId, JSON.stringify(roles.map((r) => ({ id: r.id, measure_id: r.measureId, role: r.role })))],
    );
  }

  findBaseline(frameworkId: string): Promise<Progress8Baseline | null> {
    return this.em.findOne(Progress8Baseline, { frameworkId });
  }

  async upsertBaseline(row: Progress8Baseline): Promise<void> {
    await this.em.execute(
      `insert into progress8_baseline (id, tenant_id, framework_id, kind, label, estimates, set_by, set_at)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
       on conflict (tenant_id, framework_id) do update
          set kind = excluded.kind, label = excluded.label, estimates = excluded.estimates,
              set_by = excluded.set_by, set_at = excluded.set_at`,
      [row.id, row.tenantId, row.frameworkId, row.kind, row.label, JSON.stringify(row.estimates), row.setBy, row.setAt],
    );
  }

  /** The platform's estimates for the year, or none: raw SQL, as the table has no tenant (national data). */
  async findNational(
    academicYear: string,
  ): Promise<
    { academic_year: string; estimates: Progress8Estimate[]; set_by: string | null; set_at: Date } | undefined
  > {
    const rows = await this.em.execute<
      Array<{ academic_year: string; estimates: Progress8Estimate[]; set_by: string | null; set_at: Date }>
    >('select academic_year, estimates, set_by, set_at from national_progress8_estimates where academic_year = ?', [
      academicYear,
    ]);
    return rows[0];
  }

  async upsertNational(academicYear: string, estimates: Progress8Estimate[], setBy: string | null, setAt: Date) {
    await this.em.execute(
      `insert into national_progress8_estimates (academic_year, estimates, set_by, set_at) values (?, ?::jsonb, ?, ?)
       on conflict (academic_year) do update
          set estimates = excluded.estimates, set_by = excluded.set_by, set_at = excluded.set_at`,
      [academicYear, JSON.stringify(estimates), setBy, setAt],
    );
  }

  /** Writes every pupil's prior attainment in ONE statement, replacing what they had for the framework. */
  async upsertPriorAttainment(
    tenantId: string,
    frameworkId: string,
    actorId: string | null,
    pupils: Array<{ id: string; pupilId: string; score: number }>,
  ): Promise<void> {
    await this.em.execute(
      `insert into prior_attainment as p (id, tenant_id, framework_id, pupil_id, score, set_by, set_at)
       select x.id, ?, ?, x.pupil_id, x.score, ?, now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, pupil_id uuid, score double precision)
       on conflict (tenant_id, framework_id, pupil_id) do update
          set score = excluded.score, set_by = excluded.set_by, set_at = excluded.set_at`,
      [
        tenantId,
        frameworkId,
        actorId,
        JSON.stringify(pupils.map((p) => ({ id: p.id, pupil_id: p.pupilId, score: p.score }))),
      ],
    );
  }

  /**
   * Every result at the point of a measure that counts in Attainment 8, with its role and
   * the pupil's prior attainment, in ONE query over the cohort: pupils restricted now are
   * left out (P18; erased pupils have no rows left, P17), and a teacher limited to class
   * groups sees only their groups' pupils now (P19).
   */
  ks4ResultsAt(
    tenantId: string,
    point: { id: string; frameworkId: string },
    classGroupScope: readonly string[] | null,
  ): Promise<Ks4ResultRow[]> {
    const params: unknown[] = [tenantId, point.id, point.frameworkId];
    let scope = '';
    if (classGroupScope) {
      scope = 'and c.class_group_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))';
      params.push(JSON.stringify(classGroupScope));
    }
    return this.em.execute<Ks4ResultRow[]>(
      `select r.pupil_id, r.measure_id, m.name as measure_name, k.role, r.value, r.points,
              pa.score as prior_attainment
         from assessment_result r
         join ks4_measure_role k on k.tenant_id = r.tenant_id and k.measure_id = r.measure_id
         join measure m on m.tenant_id = r.tenant_id and m.id = r.measure_id
         join pupil_period c on c.tenant_id = r.tenant_id and c.pupil_id = r.pupil_id and c.valid_to is null
         left join prior_attainment pa
           on pa.tenant_id = r.tenant_id and pa.framework_id = k.framework_id and pa.pupil_id = r.pupil_id
        where r.tenant_id = ? and r.point_id = ? and k.framework_id = ? and not c.restricted ${scope}
        order by r.pupil_id, m.name`,
      params,
    );
  }

  /** A pupil's prior attainment, for their subject-access bundle: one query. */
  priorAttainmentOfPupil(pupilId: string): Promise<PriorAttainment[]> {
    return this.em.find(PriorAttainment, { pupilId }, { orderBy: { setAt: 'asc', id: 'asc' } });
  }

  /** P17: the pupil's prior attainment goes with them. */
  async eraseOfPupil(tenantId: string, pupilId: string): Promise<void> {
    await this.em.execute(`delete from prior_attainment where tenant_id = ? and pupil_id = ?`, [tenantId, pupilId]);
  }
}
