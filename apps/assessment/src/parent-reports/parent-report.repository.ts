import { EntityManager } from '@mikro-orm/postgresql';
import { transactionKnex } from '@pt/persistence';
import { GradeView, ScoreRangeView } from '@pt/contracts';
import { OnTrackRow } from '../targets/target.repository';
import { ParentReport } from './parent-report.entity';

/** One measure with a result at the point for one pupil, with what its on-track and targets need. */
export interface ReportMeasureRow extends OnTrackRow {
  measure_name: string;
  targets: Array<{ kind: string; value: string }>;
}

export interface ReportPointRow {
  id: string;
  name: string;
  date: string;
  framework_id: string;
  academic_year: string;
}

/** The only code that queries parent reports; the tenant filter and RLS scope every read. */
export class ParentReportRepository {
  constructor(private readonly em: EntityManager) {}

  point(pointId: string): Promise<ReportPointRow | undefined> {
    return this.em
      .execute<ReportPointRow[]>(
        `select p.id, p.name, p.date::text as date, p.framework_id, f.academic_year
           from assessment_point p join assessment_framework f on f.id = p.framework_id where p.id = ?`,
        [pointId],
      )
      .then((rows) => rows[0]);
  }

  /**
   * Every result at the point of these pupils in ONE query, each with its measure and
   * scale, all the pupil's targets for the measure, and what the framework's on-track rule
   * needs (the rule, the baseline and last points' dates, the baseline result's points and
   * the target of the rule's kind), in the shape the on-track rule reads. By pupil, then
   * measure in the order the framework made them.
   */
  measureRows(point: ReportPointRow, pupilIds: readonly string[]): Promise<ReportMeasureRow[]> {
    return this.em.execute<ReportMeasureRow[]>(
      `select r.pupil_id, m.name as measure_name, r.value, r.points, true as measure_found,
              ?::text as point_date, ?::uuid as framework_id,
              s.kind as scale_kind, s.grades as scale_grades, s.range as scale_range,
              rule.kind as rule_kind, rule.baseline_point_id, rule.target_kind, rule.tolerance,
              bp.date::text as baseline_date,
              (select max(lp.date)::text from assessment_point lp where lp.framework_id = m.framework_id) as last_date,
              b.points as baseline_points, t.points as target_points,
              (select coalesce(jsonb_agg(jsonb_build_object('kind', a.kind, 'value', a.value) order by a.kind), '[]')
                 from assessment_target a where a.measure_id = m.id and a.pupil_id = r.pupil_id) as targets
         from assessment_result r
         join measure m on m.id = r.measure_id
         join grade_scale s on s.id = m.grade_scale_id
         left join assessment_on_track_rule rule on rule.framework_id = m.framework_id
         left join assessment_point bp on bp.id = rule.baseline_point_id
         left join assessment_result b
                on b.point_id = rule.baseline_point_id and b.measure_id = m.id and b.pupil_id = r.pupil_id
         left join assessment_target t on t.measure_id = m.id and t.pupil_id = r.pupil_id and t.kind = rule.target_kind
        where r.point_id = ? and r.pupil_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))
        order by r.pupil_id, m.created_at, m.name`,
      [point.date, point.framework_id, point.id, JSON.stringify(pupilIds)],
    );
  }

  /** Archives the issued reports in ONE statement. */
  async archive(reports: ParentReport[]): Promise<void> {
    if (!reports.length) return;
    const knex = transactionKnex(this.em);
    await knex('parent_report').insert(
      reports.map((r) => ({
        id: r.id,
        tenant_id: r.tenantId,
        pupil_id: r.pupilId,
        point_id: r.pointId,
        batch_id: r.batchId,
        issued_by: r.issuedBy,
        issued_at: r.issuedAt,
        size: r.size,
        sha256: r.sha256,
        content: r.content,
      })),
    );
  }

  /** The archive, newest first (without the PDFs). */
  list(filter: { pupilId?: string; pointId?: string; pupilIds?: readonly string[] | null }): Promise<ParentReport[]> {
    return this.em.find(
      ParentReport,
      {
        ...(filter.pupilId ? { pupilId: filter.pupilId } : {}),
        ...(filter.pointId ? { pointId: filter.pointId } : {}),
        ...(filter.pupilIds ? { pupilId: { $in: [...filter.pupilIds] } } : {}),
      },
      { orderBy: { issuedAt: 'desc', id: 'asc' } },
    );
  }

  findWithContent(id: string): Promise<ParentReport | null> {
    return this.em.findOne(ParentReport, { id }, { populate: ['content'] });
  }

  /** P17: the pupil's reports go with them. */
  async eraseOfPupil(tenantId: string, pupilId: string): Promise<void> {
    await this.em.execute('delete from parent_report where tenant_id = ? and pupil_id = ?', [tenantId, pupilId]);
  }
}
