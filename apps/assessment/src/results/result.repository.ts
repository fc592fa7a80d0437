import { EntityManager } from '@mikro-orm/postgresql';
import { GradeView, ScoreRangeView } from '@pt/contracts';
import type { Knex } from 'knex';
import { transactionKnex } from '@pt/persistence';
import { AssessmentResult, AssessmentResultHistory } from './result.entity';
import { ScaleRule } from './result-value';
import { CURRENT_PUPILS_JSON_SQL, CurrentPupil } from '../pupils/pupil-period.repository';

/** A point as a save sees it, locked, with the scale of each measure of its framework and the pupils named. */
export interface PointForSave {
  id: string;
  closedAt: Date | null;
  scales: Map<string, ScaleRule>;
  /** The named pupils the read model knows now (for PupilRoll.assertWritable). */
  pupils: CurrentPupil[];
}

/** A checked cell, ready to write. */
export interface ResultWrite {
  id: string;
  pupilId: string;
  measureId: string;
  value: string;
  points: number | null;
  comment: string | null;
}

export interface UpsertOutcome {
  recorded: number;
  changed: number;
  unchanged: number;
  /** Per written cell (new or changed), in no particular order. */
  written: Array<{ id: string; pupilId: string; measureId: string; inserted: boolean }>;
}

/** One pupil of a point's roll: how many results are expected of them and which measures are still missing. */
export interface MissingRow {
  pupil_id: string;
  class_group_id: string | null;
  year_group: string;
  expected: number;
  missing: string[];
}

/** The only code that queries results and their history; the tenant filter and RLS scope every read. */
export class ResultRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Writes every cell at the point in ONE statement: the cells arrive as one jsonb array,
   * are inserted or update the current row (a cell sent unchanged writes nothing), and
   * every new or changed row gets its history row (old → new) in the same statement. The
   * old values are read from the statement's snapshot; the caller holds the point's lock,
   * so no other save at the point runs in between.
   */
  async upsert(
    tenantId: string,
    pointId: string,
    actorId: string | null,
    cells: ResultWrite[],
  ): Promise<UpsertOutcome> {
    // Bind parameters on the unit of work's transaction, the cells as one array per column:
    // em.execute would write a grid's values into the SQL text, escaping them character by
    // character (measured: a 30 x 12 grid's statement took half again as long that way).
    const { rows } = await transactionKnex(this.em).raw<{
      rows: Array<{ id: string; pupil_id: string; measure_id: string; inserted: boolean }>;
    }>(
      `with input as (
         select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::float8[], ?::text[])
           as x(id, pupil_id, measure_id, value, points, comment)
       ),
       old as (
         select r.pupil_id, r.measure_id, r.value, r.comment
           from assessment_result r join input i on i.pupil_id = r.pupil_id and i.measure_id = r.measure_id
          where r.tenant_id = ? and r.point_id = ?
       ),
       up as (
         insert into assessment_result as r
                (id, tenant_id, pupil_id, measure_id, point_id, value, points, comment, recorded_by, recorded_at)
         select i.id, ?, i.pupil_id, i.measure_id, ?, i.value, i.points, i.comment, ?, now() from input i
         on conflict (tenant_id, point_id, measure_id, pupil_id) do update
            set value = excluded.value, points = excluded.points, comment = excluded.comment,
                recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
          where (r.value, r.comment) is distinct from (excluded.value, excluded.comment)
         returning r.id, r.pupil_id, r.measure_id, r.value, r.comment
       ),
       history as (
         insert into assessment_result_history
                (id, tenant_id, result_id, pupil_id, measure_id, point_id,
                 old_value, new_value, old_comment, new_comment, changed_by, changed_at)
         select gen_random_uuid(), ?, up.id, up.pupil_id, up.measure_id, ?, o.value, up.value, o.comment, up.comment, ?, now()
           from up left join old o on o.pupil_id = up.pupil_id and o.measure_id = up.measure_id
       )
       select up.id, up.pupil_id, up.measure_id, (o.pupil_id is null) as inserted
         from up left join old o on o.pupil_id = up.pupil_id and o.measure_id = up.measure_id`,
      <Knex.Value[]>[
        cells.map((c) => c.id),
        cells.map((c) => c.pupilId),
        cells.map((c) => c.measureId),
        cells.map((c) => c.value),
        cells.map((c) => c.points),
        cells.map((c) => c.comment),
        tenantId,
        pointId,
        tenantId,
        pointId,
        actorId,
        tenantId,
        pointId,
        actorId,
      ],
    );
    const recorded = rows.filter((r) => r.inserted).length;
    return {
      recorded,
      changed: rows.length - recorded,
      unchanged: cells.length - rows.length,
      written: rows.map((r) => ({ id: r.id, pupilId: r.pupil_id, measureId: r.measure_id, inserted: r.inserted })),
    };
  }

  /**
   * The point, locked for the transaction (saves at a point are serialised, and a close
   * waits for them), with the scale of each measure of its framework and the named pupils as
   * assessment knows them now, in ONE statement: a save is a few round trips, and on a busy
   * machine each costs more than the work it carries. Null when the point is not the school's.
   */
  async pointForSave(tenantId: string, pointId: string, pupilIds: readonly string[]): Promise<PointForSave | null> {
    const { rows } = await transactionKnex(this.em).raw<{
      rows: Array<{
        id: string;
        closed_at: Date | null;
        scales: Array<{ measureId: string; kind: string; grades: GradeView[]; range: ScoreRangeView | null }>;
        pupils: CurrentPupil[];
      }>;
    }>(
      `with p as (
         select id, framework_id, closed_at from assessment_point where tenant_id = ? and id = ? for update
       )
       select p.id, p.closed_at,
              (select coalesce(jsonb_agg(jsonb_build_object(
                        'measureId', m.id, 'kind', s.kind, 'grades', s.grades, 'range', s.range)), '[]'::jsonb)
                 from measure m join grade_scale s on s.tenant_id = m.tenant_id and s.id = m.grade_scale_id
                where m.tenant_id = ? and m.framework_id = p.framework_id) as scales,
              ${CURRENT_PUPILS_JSON_SQL} as pupils
         from p`,
      <Knex.Value[]>[tenantId, pointId, tenantId, tenantId, [...pupilIds]],
    );
    const row = rows.at(0);
    if (!row) return null;
    return {
      id: row.id,
      closedAt: row.closed_at,
      scales: new Map(row.scales.map((s) => [s.measureId, { kind: s.kind, grades: s.grades ?? [], range: s.range }])),
      pupils: row.pupils,
    };
  }

  find(pointId: string, measureId: string, pupilId: string): Promise<AssessmentResult | null> {
    return this.em.findOne(AssessmentResult, { pointId, measureId, pupilId });
  }

  /** The point's results (one measure's, or the whole grid; only these pupils' when given), by measure then pupil. */
  atPoint(pointId: string, measureId?: string, pupilIds?: readonly string[] | null): Promise<AssessmentResult[]> {
    return this.em.find(
      AssessmentResult,
      {
        pointId,
        ...(measureId ? { measureId } : {}),
        ...(pupilIds ? { pupilId: { $in: [...pupilIds] } } : {}),
      },
      { orderBy: { measureId: 'asc', pupilId: 'asc' } },
    );
  }

  /**
   * The point's expected and missing results in ONE query: every pupil on roll at the end
   * of the point's day (their periods as at then: class and year group, entry and leaving
   * dates) × every measure of the framework (or one), less the results entered. Pupils
   * restricted now are left out (P18); a limited teacher's scope is their class groups now.
   * One row per pupil, with the measures still missing (empty when none).
   */
  missingAt(
    tenantId: string,
    point: { id: string; frameworkId: string; date: string },
    filter: {
      measureId?: string;
      classGroupId?: string;
      yearGroup?: string;
      classGroupScope: readonly string[] | null;
    },
  ): Promise<MissingRow[]> {
    const params: unknown[] = [point.date, point.date, tenantId, point.date, point.date];
    const narrow: string[] = [];
    if (filter.classGroupId) {
      narrow.push('and p.class_group_id = ?');
      params.push(filter.classGroupId);
    }
    if (filter.yearGroup) {
      narrow.push('and p.year_group = ?');
      params.push(filter.yearGroup);
    }
    if (filter.classGroupScope) {
      narrow.push('and c.class_group_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))');
      params.push(JSON.stringify(filter.classGroupScope));
    }
    params.push(tenantId, point.frameworkId);
    if (filter.measureId) params.push(filter.measureId);
    params.push(tenantId, point.id);
    return this.em.execute<MissingRow[]>(
      `with day_end as (select ((?::date + 1)::timestamp at time zone 'Europe/London') as at, ?::date as day),
       roll as (
         select p.pupil_id, p.class_group_id, p.year_group
           from day_end d
           join pupil_period p on p.valid_from < d.at and (p.valid_to is null or p.valid_to >= d.at)
           join pupil_period c on c.tenant_id = p.tenant_id and c.pupil_id = p.pupil_id and c.valid_to is null
          where p.tenant_id = ?
            and (p.entry_date is null or p.entry_date <= ?::date)
            and (p.leaving_date is null or p.leaving_date > ?::date)
            and not c.restricted
            ${narrow.join(' ')}
       ),
       measures as (
         select id from measure where tenant_id = ? and framework_id = ? ${filter.measureId ? 'and id = ?' : ''}
       )
       select roll.pupil_id, roll.class_group_id, roll.year_group,
              count(*)::int as expected,
              coalesce(array_agg(m.id order by m.id) filter (where r.id is null), '{}') as missing
         from roll cross join measures m
         left join assessment_result r
           on r.tenant_id = ? and r.point_id = ? and r.measure_id = m.id and r.pupil_id = roll.pupil_id
        group by roll.pupil_id, roll.class_group_id, roll.year_group
        order by roll.class_group_id nulls last, roll.pupil_id`,
      params,
    );
  }

  /** Oldest change first. */
  history(pointId: string, measureId: string, pupilId: string): Promise<AssessmentResultHistory[]> {
    return this.em.find(
      AssessmentResultHistory,
      { pointId, measureId, pupilId },
      { orderBy: { changedAt: 'asc', id: 'asc' } },
    );
  }

  /** A pupil's current results, for their subject-access bundle: one query. */
  ofPupil(pupilId: string): Promise<AssessmentResult[]> {
    return this.em.find(AssessmentResult, { pupilId }, { orderBy: { recordedAt: 'asc', id: 'asc' } });
  }

  /** Every change of a pupil's results, oldest first: one query. */
  historyOfPupil(pupilId: string): Promise<AssessmentResultHistory[]> {
    return this.em.find(AssessmentResultHistory, { pupilId }, { orderBy: { changedAt: 'asc', id: 'asc' } });
  }

  /** P17: every result of the pupil and every change of them, in one statement (history rows go only here). */
  async eraseOfPupil(tenantId: string, pupilId: string): Promise<void> {
    await this.em.execute(
      `with history as (delete from assessment_result_history where tenant_id = ? and pupil_id = ?)
       delete from assessment_result where tenant_id = ? and pupil_id = ?`,
      [tenantId, pupilId, tenantId, pupilId],
    );
  }

  /** The current results a staff member last recorded: one query. */
  recordedBy(staffId: string): Promise<AssessmentResult[]> {
    return this.em.find(AssessmentResult, { recordedBy: staffId }, { orderBy: { recordedAt: 'asc', id: 'asc' } });
  }

  /** The history entries a staff member wrote: one query. */
  changedBy(staffId: string): Promise<AssessmentResultHistory[]> {
    return this.em.find(AssessmentResultHistory, { changedBy: staffId }, { orderBy: { changedAt: 'asc', id: 'asc' } });
  }
}
