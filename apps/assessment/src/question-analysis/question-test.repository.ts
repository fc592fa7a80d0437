import { EntityManager } from '@mikro-orm/postgresql';
import { QuestionGroupDimension, QuestionMarkInput } from '@pt/contracts';
import { END_OF_DAY_SQL } from '../pupils/pupil-period.repository';
import { QuestionMark, QuestionTest, QuestionTestQuestion } from './question-test.entity';

/** One (group, question) or (group, strand) row of the facility query. */
export interface FacilityRow {
  dimension: QuestionGroupDimension;
  value: string | null;
  question_id: string | null;
  strand: string | null;
  pupils: number;
  marks: number;
  max_marks: number;
}

export interface QuestionTestSummaryRow {
  id: string;
  name: string;
  date: string;
  questions: number;
  max_marks: number;
}

const visibleTo = (scope: readonly string[] | null, column: string) =>
  scope ? `and ${column} in (select value::uuid from jsonb_array_elements_text(?::jsonb))` : '';

/** The only code that queries question tests and their marks; the tenant filter and RLS scope every read. */
export class QuestionTestRepository {
  constructor(private readonly em: EntityManager) {}

  add(row: QuestionTest | QuestionTestQuestion): void {
    this.em.persist(row);
  }

  findById(id: string): Promise<QuestionTest | null> {
    return this.em.findOne(QuestionTest, { id });
  }

  questionsOf(testId: string): Promise<QuestionTestQuestion[]> {
    return this.em.find(QuestionTestQuestion, { testId }, { orderBy: { number: 'asc' } });
  }

  /** Newest first, with each test's number of questions and marks: one query. */
  list(tenantId: string): Promise<QuestionTestSummaryRow[]> {
    return this.em.execute<QuestionTestSummaryRow[]>(
      `select t.id, t.name, to_char(t.date, 'YYYY-MM-DD') as date,
              count(q.id)::int as questions, coalesce(sum(q.max_marks), 0)::int as max_marks
         from question_test t left join question_test_question q on q.tenant_id = t.tenant_id and q.test_id = t.id
        where t.tenant_id = ?
        group by t.id order by t.date desc, t.name, t.id`,
      [tenantId],
    );
  }

  /** Writes every cell in ONE statement: a new mark is inserted, an existing one replaced. */
  async upsertMarks(
    tenantId: string,
    testId: string,
    actorId: string | null,
    cells: Array<{ id: string; pupilId: string; questionId: string; mark: number }>,
  ): Promise<void> {
    await this.em.execute(
      `insert into question_mark as m (id, tenant_id, test_id, question_id, pupil_id, mark, recorded_by, recorded_at)
       select x.id, ?, ?, x.question_id, x.pupil_id, x.mark, ?, now()
         from jsonb_to_recordset(?::jsonb) as x(id uuid, question_id uuid, pupil_id uuid, mark int)
       on conflict (tenant_id, question_id, pupil_id) do update
          set mark = excluded.mark, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
        where m.mark is distinct from excluded.mark`,
      [
        tenantId,
        testId,
        actorId,
        JSON.stringify(cells.map((c) => ({ id: c.id, question_id: c.questionId, pupil_id: c.pupilId, mark: c.mark }))),
      ],
    );
  }

  /** The test's marks of pupils the caller may see (restricted ones included: their marks are theirs to read). */
  marksOf(tenantId: string, testId: string, scope: readonly string[] | null): Promise<QuestionMarkInput[]> {
    const params: unknown[] = [tenantId, testId];
    if (scope) params.push(JSON.stringify(scope));
    return this.em.execute(
      `select m.pupil_id as "pupilId", m.question_id as "questionId", m.mark
         from question_mark m
         join question_test_question q on q.tenant_id = m.tenant_id and q.id = m.question_id
         join pupil_period c on c.tenant_id = m.tenant_id and c.pupil_id = m.pupil_id and c.valid_to is null
        where m.tenant_id = ? and m.test_id = ? ${visibleTo(scope, 'c.class_group_id')}
        order by m.pupil_id, q.number`,
      params,
    );
  }

  /**
   * The facility of every question and strand for every group in ONE query, one scan of
   * the marks: each pupil is placed in one group per dimension by their attributes as at
   * the end of the test's day (or as now, for a pupil the read model did not know then),
   * and GROUPING SETS total the marks per (group, question), per (group, strand) and per group.
   * Pupils restricted now are left out (P18); erased pupils have no marks left (P17); a
   * teacher limited to class groups counts only their groups' pupils now (P19).
   */
  facility(
    tenantId: string,
    test: { id: string; date: string },
    scope: readonly string[] | null,
  ): Promise<FacilityRow[]> {
    const params: unknown[] = [test.date, tenantId, tenantId, test.id];
    if (scope) params.push(JSON.stringify(scope));
    params.push(tenantId, test.id);
    return this.em.execute<FacilityRow[]>(
      `with day_end as (select ${END_OF_DAY_SQL} as at),
       pupils as (
         select distinct on (c.pupil_id) c.pupil_id, p.gender, p.disadvantaged, p.fsm, p.pupil_premium,
                p.sen_status, p.eal, p.year_group, p.class_group_id
           from day_end d
           join pupil_period c on c.valid_to is null
           join pupil_period p on p.tenant_id = c.tenant_id and p.pupil_id = c.pupil_id
                and (p.valid_to is null or (p.valid_from < d.at and p.valid_to >= d.at))
          where c.tenant_id = ? and not c.restricted
            and c.pupil_id in (select pupil_id from question_mark where tenant_id = ? and test_id = ?)
            ${visibleTo(scope, 'c.class_group_id')}
          order by c.pupil_id, (p.valid_from < d.at and (p.valid_to is null or p.valid_to >= d.at)) desc
       )
       select g.dimension, g.value, m.question_id, q.strand,
              count(distinct m.pupil_id)::int as pupils, sum(m.mark)::int as marks, sum(q.max_marks)::int as max_marks
         from question_mark m
         join question_test_question q on q.tenant_id = m.tenant_id and q.id = m.question_id
         join pupils p on p.pupil_id = m.pupil_id
         cross join lateral (values
           ('all', 'all'), ('gender', p.gender), ('disadvantaged', p.disadvantaged::text), ('fsm', p.fsm::text),
           ('pupilPremium', p.pupil_premium::text), ('senStatus', p.sen_status), ('eal', p.eal::text),
           ('yearGroup', p.year_group), ('classGroup', p.class_group_id::text)
         ) as g(dimension, value)
        where m.tenant_id = ? and m.test_id = ?
        group by grouping sets (
          (g.dimension, g.value, m.question_id, q.strand), (g.dimension, g.value, q.strand), (g.dimension, g.value)
        )`,
      params,
    );
  }

  /** A pupil's marks, for their subject-access bundle: one query. */
  marksOfPupil(pupilId: string): Promise<QuestionMark[]> {
    return this.em.find(QuestionMark, { pupilId }, { orderBy: { testId: 'asc', questionId: 'asc' } });
  }

  /** P17: the pupil's marks go with them. */
  async eraseOfPupil(tenantId: string, pupilId: string): Promise<void> {
    await this.em.execute(`delete from question_mark where tenant_id = ? and pupil_id = ?`, [tenantId, pupilId]);
  }
}
