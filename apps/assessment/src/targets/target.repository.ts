import { EntityManager } from '@mikro-orm/postgresql';
import { GradeView, ScoreRangeView } from '@pt/contracts';
import { AssessmentOnTrackRule, AssessmentTarget } from './target.entity';

/** A checked target, ready to write. */
export interface TargetWrite {
  id: string;
  kind: string;
  value: string;
  points: number | null;
}

/** One row of the on-track read: the point, measure, scale and rule, and per pupil the figures the rule needs. */
export interface OnTrackRow {
  point_date: string;
  framework_id: string;
  measure_found: boolean;
  scale_kind: string | null;
  scale_grades: GradeView[] | null;
  scale_range: ScoreRangeView | null;
  rule_kind: string | null;
  baseline_point_id: string | null;
  target_kind: string | null;
  tolerance: number | null;
  baseline_date: string | null;
  last_date: string | null;
  pupil_id: string | null;
  value: string | null;
  points: number | null;
  baseline_points: number | null;
  target_points: number | null;
}

/** One row of a pupil's tracking: a measure at a point of the year's framework, with what on-track needs. */
export interface TrackingRow extends OnTrackRow {
  framework_name: string;
  academic_year: string;
  measure_id: string | null;
  measure_name: string | null;
  point_id: string | null;
  point_name: string | null;
  point_closed: boolean | null;
  targets: Array<{ kind: string; value: string; points: number | null }>;
}

/** The only code that queries targets and on-track rules; the tenant filter and RLS scope every read. */
export class TargetRepository {
  constructor(private readonly em: EntityManager) {}

  /** P17: every target of the pupil. */
  async eraseOfPupil(tenantId: string, pupilId: string): Promise<void> {
    await this.em.execute('delete from assessment_target where tenant_id = ? and pupil_id = ?', [tenantId, pupilId]);
  }

  /** Sets or replaces each kind of the pupil's targets for the measure in ONE statement; returns the rows' ids. */
  async upsert(
    tenantId: string,
    measureId: string,
    pupilId: string,
    actorId: string | null,
    targets: TargetWrite[],
  ): Promise<string[]> {
    const rows = await this.em.execute<Array<{ id: string }>>(
      `insert into assessment_target as t (id, tenant_id, pupil_id, measure_id, kind, value, points, set_by, set_at)
       select x.id, ?, ?, ?, x.kind, x.value, x.points, ?, now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, kind text, value text, points double precision)
       on conflict (tenant_id, measure_id, pupil_id, kind) do update
          set value = excluded.value, points = excluded.points, set_by = excluded.set_by, set_at = excluded.set_at
       returning t.id`,
      [tenantId, pupilId, measureId, actorId, JSON.stringify(targets)],
    );
    return rows.map((r) => r.id);
  }

  /** A measure's targets (one pupil's, or every pupil's), by pupil then kind. */
  list(measureId: string, pupilId?: string): Promise<AssessmentTarget[]> {
    return this.em.find(AssessmentTarget, pupilId ? { measureId, pupilId } : { measureId }, {
      orderBy: { pupilId: 'asc', kind: 'asc' },
    });
  }

  findRule(frameworkId: string): Promise<AssessmentOnTrackRule | null> {
    return this.em.findOne(AssessmentOnTrackRule, { frameworkId });
  }

  /** The framework's one rule, set or replaced. */
  async upsertRule(rule: AssessmentOnTrackRule): Promise<void> {
    await this.em.execute(
      `insert into assessment_on_track_rule as r
              (id, tenant_id, framework_id, kind, baseline_point_id, target_kind, tolerance, set_by, set_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, framework_id) do update
          set kind = excluded.kind, baseline_point_id = excluded.baseline_point_id,
              target_kind = excluded.target_kind, tolerance = excluded.tolerance,
              set_by = excluded.set_by, set_at = excluded.set_at`,
      [
        rule.id,
        rule.tenantId,
        rule.frameworkId,
        rule.kind,
        rule.baselinePointId,
        rule.targetKind,
        rule.tolerance,
        rule.setBy,
        rule.setAt,
      ],
    );
  }

  /**
   * Everything on-track needs for a measure at a point, in ONE query: the point and the
   * framework's rule, the measure's scale, the baseline and last points' dates, and per pupil
   * with a result at the point, its value and points, its baseline result's points and its
   * target of the rule's kind. No row: no such point. One row without a pupil: no results.
   */
  onTrackRows(pointId: string, measureId: string): Promise<OnTrackRow[]> {
    return this.em.execute<OnTrackRow[]>(
      `select p.date::text as point_date, p.framework_id, (m.id is not null) as measure_found,
              s.kind as scale_kind, s.grades as scale_grades, s.range as scale_range,
              rule.kind as rule_kind, rule.baseline_point_id, rule.target_kind, rule.tolerance,
              bp.date::text as baseline_date,
              (select max(lp.date)::text from assessment_point lp where lp.framework_id = p.framework_id) as last_date,
              r.pupil_id, r.value, r.points, b.points as baseline_points, t.points as target_points
         from assessment_point p
         left join measure m on m.id = ? and m.framework_id = p.framework_id
         left join grade_scale s on s.id = m.grade_scale_id
         left join assessment_on_track_rule rule on rule.framework_id = p.framework_id
         left join assessment_point bp on bp.id = rule.baseline_point_id
         left join assessment_result r on r.point_id = p.id and r.measure_id = m.id
         left join assessment_result b
                on b.point_id = rule.baseline_point_id and b.measure_id = m.id and b.pupil_id = r.pupil_id
         left join assessment_target t
                on t.measure_id = m.id and t.pupil_id = r.pupil_id and t.kind = rule.target_kind
        where p.id = ?
        order by r.pupil_id`,
      [measureId, pointId],
    );
  }

  /**
   * A pupil's tracking in ONE query: the framework of the academic year (the newest year's when
   * null) and its rule, every measure × every point with the pupil's result there, and what the
   * rule needs (the baseline and last points' dates, the baseline result's points, the target of
   * the rule's kind), with all the pupil's targets per measure. No row: no framework for the year.
   * A framework without measures or points gives rows with those columns null.
   */
  trackingRows(pupilId: string, academicYear: string | null): Promise<TrackingRow[]> {
    return this.em.execute<TrackingRow[]>(
      `with f as (
         select id, name, academic_year from assessment_framework
          where academic_year = coalesce(?::text, (select max(academic_year) from assessment_framework))
       )
       select f.id as framework_id, f.name as framework_name, f.academic_year,
              rule.kind as rule_kind, rule.baseline_point_id, rule.target_kind, rule.tolerance,
              bp.date::text as baseline_date,
              (select max(lp.date)::text from assessment_point lp where lp.framework_id = f.id) as last_date,
              m.id as measure_id, m.name as measure_name, (m.id is not null) as measure_found,
              s.kind as scale_kind, s.grades as scale_grades, s.range as scale_range,
              p.id as point_id, p.name as point_name, p.date::text as point_date,
              (p.closed_at is not null) as point_closed,
              r.pupil_id, r.value, r.points, b.points as baseline_points, t.points as target_points,
              (select coalesce(jsonb_agg(jsonb_build_object('kind', a.kind, 'value', a.value, 'points', a.points)
                                         order by a.kind), '[]')
                 from assessment_target a where a.measure_id = m.id and a.pupil_id = ?::uuid) as targets
         from f
         left join assessment_on_track_rule rule on rule.framework_id = f.id
         left join assessment_point bp on bp.id = rule.baseline_point_id
         left join measure m on m.framework_id = f.id
         left join grade_scale s on s.id = m.grade_scale_id
         left join assessment_point p on p.framework_id = f.id
         left join assessment_result r on r.point_id = p.id and r.measure_id = m.id and r.pupil_id = ?::uuid
         left join assessment_result b
                on b.point_id = rule.baseline_point_id and b.measure_id = m.id and b.pupil_id = ?::uuid
         left join assessment_target t on t.measure_id = m.id and t.pupil_id = ?::uuid and t.kind = rule.target_kind
        order by m.created_at, m.name, p.date, p.name`,
      [academicYear, pupilId, pupilId, pupilId, pupilId],
    );
  }

  /** A pupil's targets, for their subject-access bundle: one query. */
  ofPupil(pupilId: string): Promise<AssessmentTarget[]> {
    return this.em.find(AssessmentTarget, { pupilId }, { orderBy: { measureId: 'asc', kind: 'asc' } });
  }

  /** The targets a staff member last set: one query. */
  setBy(staffId: string): Promise<AssessmentTarget[]> {
    return this.em.find(AssessmentTarget, { setBy: staffId }, { orderBy: { setAt: 'asc', id: 'asc' } });
  }

  /** The on-track rules a staff member last set: one query. */
  rulesSetBy(staffId: string): Promise<AssessmentOnTrackRule[]> {
    return this.em.find(AssessmentOnTrackRule, { setBy: staffId }, { orderBy: { setAt: 'asc', id: 'asc' } });
  }
}
