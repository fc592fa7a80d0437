import { Injectable } from '@nestjs/common';
import {
  CreateQuestionTestRequest,
  FieldError,
  isUuid,
  MAX_QUESTION_LABEL,
  MAX_QUESTION_MARK_CELLS,
  MAX_QUESTION_MARKS,
  MAX_QUESTION_STRAND,
  MAX_QUESTION_TEST_NAME,
  MAX_QUESTION_TEST_QUESTIONS,
  QuestionFacilityReport,
  QuestionGroupFacilityView,
  QuestionMarksSaveView,
  QuestionMarksView,
  QuestionTestRef,
  QuestionTestSummary,
  QuestionTestView,
  SaveQuestionMarksRequest,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext, uuid7 } from '@pt/platform';
import { isCalendarDate } from '../frameworks/calendar-date';
import { classGroupScopeOf } from '../pupils/class-group-scope';
import { PupilRoll } from '../pupils/pupil-roll';
import { suppressedFacility } from './facility-suppression';
import { QuestionTest, QuestionTestQuestion } from './question-test.entity';
import { FacilityRow, QuestionTestRepository } from './question-test.repository';

const testNotFound = () => BusException.notFound('question_test.not_found', 'The test does not exist');
const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
const text = (raw: unknown): string => (typeof raw === 'string' ? raw.trim() : '');

/**
 * Question-level analysis (issue 13, item 7): a test's questions with their marks and
 * strands, pupils' marks per question entered as a grid (all or none, each error naming
 * its cell), and the facility of each question and strand for every group of pupils, from
 * one query, suppressed by the same small-number rule as group analysis.
 */
@Injectable()
export class QuestionAnalysisService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly pupils: PupilRoll,
  ) {}

  create(ctx: SchoolContext, request: CreateQuestionTestRequest): Promise<QuestionTestView> {
    const errors: FieldError[] = [];
    const name = text(request?.name);
    if (!name || name.length > MAX_QUESTION_TEST_NAME) {
      errors.push({ field: 'name', message: `must be 1–${MAX_QUESTION_TEST_NAME} characters` });
    }
    if (!isCalendarDate(request?.date)) errors.push({ field: 'date', message: 'must be a calendar date (YYYY-MM-DD)' });
    const questions = request?.questions;
    if (!Array.isArray(questions) || questions.length === 0 || questions.length > MAX_QUESTION_TEST_QUESTIONS) {
      errors.push({ field: 'questions', message: `must be a list of 1–${MAX_QUESTION_TEST_QUESTIONS} questions` });
    }
    const testId = uuid7();
    const rows: QuestionTestQuestion[] = [];
    const labels = new Map<string, number>();
    (Array.isArray(questions) ? questions : []).forEach((raw, i) => {
      const q = (raw ?? {}) as Partial<Record<'label' | 'maxMarks' | 'strand', unknown>>;
      const [label, strand] = [text(q.label), text(q.strand)];
      if (!label || label.length > MAX_QUESTION_LABEL) {
        errors.push({ field: `questions[${i}].label`, message: `must be 1–${MAX_QUESTION_LABEL} characters` });
      } else if (labels.has(label)) {
        errors.push({ field: `questions[${i}].label`, message: `repeats questions[${labels.get(label)}]` });
      } else labels.set(label, i);
      if (!Number.isInteger(q.maxMarks) || (q.maxMarks as number) < 1 || (q.maxMarks as number) > MAX_QUESTION_MARKS) {
        errors.push({
          field: `questions[${i}].maxMarks`,
          message: `must be a whole number from 1 to ${MAX_QUESTION_MARKS}`,
        });
      }
      if (!strand || strand.length > MAX_QUESTION_STRAND) {
        errors.push({ field: `questions[${i}].strand`, message: `must be 1–${MAX_QUESTION_STRAND} characters` });
      }
      rows.push(
        Object.assign(new QuestionTestQuestion(), {
          id: uuid7(),
          tenantId: ctx.tenantId,
          testId,
          number: i + 1,
          label,
          maxMarks: q.maxMarks as number,
          strand,
        }),
      );
    });
    if (errors.length) throw BusException.validation(errors);
    return this.unitOfWork.forContext(ctx, async (em) => {
      const test = Object.assign(new QuestionTest(), {
        id: testId,
        tenantId: ctx.tenantId,
        name,
        date: request.date,
        createdBy: ctx.actor.id ?? null,
        createdAt: new Date(),
      });
      const repository = new QuestionTestRepository(em);
      repository.add(test);
      rows.forEach((row) => repository.add(row));
      await em.flush();
      return testViewOf(test, rows);
    });
  }

  list(ctx: SchoolContext): Promise<QuestionTestSummary[]> {
    return this.unitOfWork.forContext(ctx, async (em) =>
      (await new QuestionTestRepository(em).list(ctx.tenantId)).map((r) => ({
        id: r.id,
        name: r.name,
        date: r.date,
        questions: r.questions,
        maxMarks: r.max_marks,
      })),
    );
  }

  get(ctx: SchoolContext, request: QuestionTestRef): Promise<QuestionTestView> {
    if (!isUuid(request?.testId)) throw testNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const repository = new QuestionTestRepository(em);
      const test = await repository.findById(request.testId);
      if (!test) throw testNotFound();
      return testViewOf(test, await repository.questionsOf(test.id));
    });
  }

  /**
   * Saves a grid of marks in one statement, all or none: each cell's error names it
   * (`cells[4].mark`: not a whole number within the question's marks; `cells[2].questionId`:
   * not a question of this test; a pupil not the caller's answers 404, a restricted one 409).
   */
  saveMarks(ctx: SchoolContext, request: SaveQuestionMarksRequest): Promise<QuestionMarksSaveView> {
    if (!isUuid(request?.testId)) throw testNotFound();
    const cells = request.cells;
    if (!Array.isArray(cells) || cells.length === 0 || cells.length > MAX_QUESTION_MARK_CELLS) {
      throw BusException.validation([
        { field: 'cells', message: `must be a list of 1–${MAX_QUESTION_MARK_CELLS} cells` },
      ]);
    }
    return this.unitOfWork.forContext(ctx, async (em) => {
      const repository = new QuestionTestRepository(em);
      const test = await repository.findById(request.testId);
      if (!test) throw testNotFound();
      const questions = new Map((await repository.questionsOf(test.id)).map((q) => [q.id, q]));
      const errors: FieldError[] = [];
      const seen = new Map<string, number>();
      const writes: Array<{ id: string; pupilId: string; questionId: string; mark: number }> = [];
      cells.forEach((raw, i) => {
        const cell = (raw ?? {}) as Partial<Record<'pupilId' | 'questionId' | 'mark', unknown>>;
        const pupilId = typeof cell.pupilId === 'string' ? cell.pupilId.toLowerCase() : '';
        const questionId = typeof cell.questionId === 'string' ? cell.questionId.toLowerCase() : '';
        const question = questions.get(questionId);
        if (!isUuid(pupilId)) errors.push({ field: `cells[${i}].pupilId`, message: 'must be a UUID' });
        if (!question) errors.push({ field: `cells[${i}].questionId`, message: 'must be a question of the test' });
        const mark = cell.mark;
        if (question && (!Number.isInteger(mark) || (mark as number) < 0 || (mark as number) > question.maxMarks)) {
          errors.push({ field: `cells[${i}].mark`, message: `must be a whole number from 0 to ${question.maxMarks}` });
        }
        const key = `${pupilId}/${questionId}`;
        if (isUuid(pupilId) && question) {
          if (seen.has(key)) errors.push({ field: `cells[${i}]`, message: `repeats cells[${seen.get(key)}]` });
          else seen.set(key, i);
        }
        writes.push({ id: uuid7(), pupilId, questionId, mark: mark as number });
      });
      if (errors.length) throw BusException.validation(errors);
      await this.pupils.assertWritable(
        ctx,
        em,
        writes.map((w, i) => ({ pupilId: w.pupilId, field: `cells[${i}].pupilId` })),
      );
      await repository.upsertMarks(ctx.tenantId, test.id, ctx.actor.id ?? null, writes);
      return { testId: test.id, saved: writes.length };
    });
  }

  marks(ctx: SchoolContext, request: QuestionTestRef): Promise<QuestionMarksView> {
    if (!isUuid(request?.testId)) throw testNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const repository = new QuestionTestRepository(em);
      if (!(await repository.findById(request.testId))) throw testNotFound();
      return {
        testId: request.testId,
        marks: await repository.marksOf(ctx.tenantId, request.testId, classGroupScopeOf(ctx)),
      };
    });
  }

  facility(ctx: SchoolContext, request: QuestionTestRef): Promise<QuestionFacilityReport> {
    if (!isUuid(request?.testId)) throw testNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const repository = new QuestionTestRepository(em);
      const test = await repository.findById(request.testId);
      if (!test) throw testNotFound();
      const order = new Map((await repository.questionsOf(test.id)).map((q) => [q.id, q.number]));
      const rows = await repository.facility(ctx.tenantId, test, classGroupScopeOf(ctx));
      return { testId: test.id, groups: suppressedFacility(groupsOf(rows, order)) };
    });
  }
}

/** Folds the query's rows into one entry per group: the group's total, its questions in paper order, its strands by name. */
export function groupsOf(
  rows: readonly FacilityRow[],
  paperOrder: ReadonlyMap<string, number>,
): QuestionGroupFacilityView[] {
  const groups = new Map<string, QuestionGroupFacilityView>();
  const facilityOf = (r: FacilityRow) => ({
    pupils: r.pupils,
    marks: r.marks,
    maxMarks: r.max_marks,
    facility: r.max_marks ? round4(r.marks / r.max_marks) : 0,
  });
  for (const row of rows) {
    const key = `${row.dimension}\u0000${row.value ?? ''}\u0000${row.value === null}`;
    let group = groups.get(key);
    if (!group) {
      group = { dimension: row.dimension, value: row.value, pupils: 0, questions: [], strands: [] };
      groups.set(key, group);
    }
    if (row.question_id) group.questions.push({ questionId: row.question_id, ...facilityOf(row) });
    else if (row.strand !== null) group.strands.push({ strand: row.strand, ...facilityOf(row) });
    else group.pupils = row.pupils;
  }
  const dimensions = [
    'all',
    'gender',
    'disadvantaged',
    'fsm',
    'pupilPremium',
    'senStatus',
    'eal',
    'yearGroup',
    'classGroup',
  ];
  return [...groups.values()]
    .map((g) => ({
      ...g,
      questions: g.questions.sort((a, b) => (paperOrder.get(a.questionId) ?? 0) - (paperOrder.get(b.questionId) ?? 0)),
      strands: g.strands.sort((a, b) => a.strand.localeCompare(b.strand)),
    }))
    .sort(
      (a, b) =>
        dimensions.indexOf(a.dimension) - dimensions.indexOf(b.dimension) ||
        (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'),
    );
}

function testViewOf(test: QuestionTest, questions: QuestionTestQuestion[]): QuestionTestView {
  return {
    id: test.id,
    name: test.name,
    date: test.date,
    questions: questions.map((q) => ({
      id: q.id,
      number: q.number,
      label: q.label,
      maxMarks: q.maxMarks,
      strand: q.strand,
    })),
    createdAt: test.createdAt.toISOString(),
  };
}
