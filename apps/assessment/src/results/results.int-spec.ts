import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CLOSE_ASSESSMENT_POINT,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_RESULT_HISTORY,
  LIST_RESULTS,
  RECORD_RESULT,
  REOPEN_ASSESSMENT_POINT,
  RESULT_CHANGED,
  RESULT_GRID_SAVED,
  RESULT_RECORDED,
  SAVE_RESULT_GRID,
  GET_PUPIL_ATTRIBUTES,
} from '@pt/contracts';
import { aSchool, aStaff, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe('results: one current value per pupil, measure and point, with its history (assessment service)', () => {
  let assessment: ServiceHarness;
  /** pupil-records, as assessment's questions about pupils find it. */
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacher = aStaff(school, { roles: ['teacher'] });
  const otherTeacher = aStaff(aSchool(), { roles: ['teacher'] });
  let framework: FrameworkView;
  let pointId: string;
  let reading: string; // steps: EMG DEV SEC MAS
  let writing: string;
  let ks2Reading: string; // range 80–120
  const pupils = Array.from({ length: 30 }, () => randomUUID());

  const resultRows = () =>
    assessment.sql<{ n: string }>('select count(*) as n from assessment_result where point_id = $1', [pointId]);
  const historyRows = () =>
    assessment.sql<{ n: string }>('select count(*) as n from assessment_result_history where point_id = $1', [pointId]);

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, pupils);
    framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, head);
    await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey: 'steps' }, head);
    await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'ks2-scaled-scores' },
      head,
    );
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 1', date: '2026-10-23' },
      head,
    );
    pointId = framework.points[0].id;
    const measure = (name: string) => framework.measures.find((m) => m.name === name)!.id;
    reading = measure('Reading');
    writing = measure('Writing');
    ks2Reading = measure('KS2 Reading');
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('records one result checked against the scale, then a change, each with a history row (who, when, old → new)', async () => {
    const pupilId = pupils[0];
    const first = await assessment.call(RECORD_RESULT, { pointId, pupilId, measureId: reading, value: 'DEV' }, teacher);
    expect(first).toMatchObject({ pupilId, measureId: reading, pointId, value: 'DEV', points: 2, comment: null });
    const second = await assessment.call(
      RECORD_RESULT,
      { pointId, pupilId, measureId: reading, value: 'SEC', comment: ' Much improved ' },
      head,
    );
    expect(second).toMatchObject({ id: first.id, value: 'SEC', points: 3, comment: 'Much improved' });

    const history = await assessment.call(GET_RESULT_HISTORY, { pointId, measureId: reading, pupilId }, teacher);
    expect(history.map((h) => [h.oldValue, h.newValue, h.changedBy])).toEqual([
      [null, 'DEV', teacher.actor.id],
      ['DEV', 'SEC', head.actor.id],
    ]);
    expect(history[1].newComment).toBe('Much improved');

    // Sent again unchanged: nothing written, nothing staged.
    await assessment.call(
      RECORD_RESULT,
      { pointId, pupilId, measureId: reading, value: 'SEC', comment: 'Much improved' },
      head,
    );
    expect(await assessment.call(GET_RESULT_HISTORY, { pointId, measureId: reading, pupilId }, teacher)).toHaveLength(
      2,
    );

    expect((await assessment.staged(RESULT_RECORDED)).map((e) => e.data)).toContainEqual({
      resultId: first.id,
      pupilId,
      measureId: reading,
      pointId,
    });
    expect((await assessment.staged(RESULT_CHANGED)).filter((e) => e.data.resultId === first.id)).toHaveLength(1);
  });

  it('refuses a value not on the scale, a number out of range and a long comment, naming the field', async () => {
    const pupilId = pupils[1];
    const code = await assessment.attempt(RECORD_RESULT, { pointId, pupilId, measureId: reading, value: '3' }, teacher);
    expect(code.code).toBe('validation_failed');
    expect(code.errors?.map((e) => e.field)).toEqual(['value']);
    const range = await assessment.attempt(
      RECORD_RESULT,
      { pointId, pupilId, measureId: ks2Reading, value: '121', comment: 'x'.repeat(501) },
      teacher,
    );
    expect(range.errors?.map((e) => e.field)).toEqual(['value', 'comment']);
    expect(
      (await assessment.attempt(RECORD_RESULT, { pointId, pupilId, measureId: randomUUID(), value: 'SEC' }, teacher))
        .code,
    ).toBe('measure.not_found');
  });

  it('saves a 30 × 3 grid in one go, staging one event with its counts, and reads it back as the grid or one measure', async () => {
    const cells = pupils.flatMap((pupilId, i) => [
      { pupilId, measureId: reading, value: ['EMG', 'DEV', 'SEC', 'MAS'][i % 4] },
      { pupilId, measureId: writing, value: 'DEV' },
      { pupilId, measureId: ks2Reading, value: String(80 + i), comment: i === 0 ? 'Absent for part' : null },
    ]);
    const saved = await assessment.call(SAVE_RESULT_GRID, { pointId, cells }, teacher);
    // pupils[0]'s reading was SEC already and becomes EMG: one change; everything else is new.
    expect(saved).toEqual({ pointId, recorded: 89, changed: 1, unchanged: 0 });
    expect((await assessment.staged(RESULT_GRID_SAVED)).map((e) => e.data)).toContainEqual({
      pointId,
      recorded: 89,
      changed: 1,
    });
    expect((await assessment.call(LIST_RESULTS, { pointId }, teacher)).length).toBe(90);
    const ks2 = await assessment.call(LIST_RESULTS, { pointId, measureId: ks2Reading }, teacher);
    expect(ks2).toHaveLength(30);
    expect(ks2.find((r) => r.pupilId === pupils[0])).toMatchObject({
      value: '80',
      points: 80,
      comment: 'Absent for part',
    });

    const again = await assessment.call(SAVE_RESULT_GRID, { pointId, cells }, teacher);
    expect(again).toEqual({ pointId, recorded: 0, changed: 0, unchanged: 90 });
    expect(Number((await historyRows())[0].n)).toBe(2 + 90);
  });

  it('writes nothing of a grid with one bad cell, and names every bad cell', async () => {
    const before = [await resultRows(), await historyRows()];
    const cells: Array<{ pupilId: string; measureId: string; value: string }> = pupils.map((pupilId) => ({
      pupilId,
      measureId: writing,
      value: 'MAS',
    }));
    cells[3] = { pupilId: pupils[3], measureId: writing, value: 'GREAT' };
    cells[7] = { pupilId: 'not-a-pupil', measureId: writing, value: 'MAS' };
    cells.push({ pupilId: pupils[0], measureId: writing, value: 'SEC' });
    const refused = await assessment.attempt(SAVE_RESULT_GRID, { pointId, cells }, teacher);
    expect(refused.code).toBe('validation_failed');
    expect(refused.errors).toEqual([
      { field: 'cells[3].value', message: 'must be a grade code of the measure’s scale' },
      { field: 'cells[7].pupilId', message: 'must be a UUID' },
      { field: 'cells[30].pupilId', message: 'repeats the pupil and measure of cells[0]' },
    ]);
    expect([await resultRows(), await historyRows()]).toEqual(before);
    const read = await assessment.call(LIST_RESULTS, { pointId, measureId: writing }, teacher);
    expect(new Set(read.map((r) => r.value))).toEqual(new Set(['DEV']));
  });

  it('refuses a grid over 2,000 cells', async () => {
    const cells = Array.from({ length: 2001 }, () => ({ pupilId: randomUUID(), measureId: reading, value: 'SEC' }));
    const refused = await assessment.attempt(SAVE_RESULT_GRID, { pointId, cells }, teacher);
    expect(refused.errors).toEqual([{ field: 'cells', message: 'must have at most 2000 cells' }]);
  });

  it('takes no results at a closed point, single or grid, until it is reopened', async () => {
    await assessment.call(CLOSE_ASSESSMENT_POINT, { pointId }, head);
    const cell = { pupilId: pupils[5], measureId: reading, value: 'MAS' };
    expect((await assessment.attempt(RECORD_RESULT, { pointId, ...cell }, teacher)).code).toBe(
      'assessment_point.closed',
    );
    expect((await assessment.attempt(SAVE_RESULT_GRID, { pointId, cells: [cell] }, head)).code).toBe(
      'assessment_point.closed',
    );
    // Still readable.
    expect(await assessment.call(LIST_RESULTS, { pointId, measureId: reading }, teacher)).toHaveLength(30);
    await assessment.call(REOPEN_ASSESSMENT_POINT, { pointId }, head);
    expect(await assessment.call(RECORD_RESULT, { pointId, ...cell }, teacher)).toMatchObject({ value: 'MAS' });
  });

  it("another school's point is not found, for entering and reading", async () => {
    const cell = { pupilId: pupils[0], measureId: reading, value: 'SEC' };
    expect((await assessment.attempt(RECORD_RESULT, { pointId, ...cell }, otherTeacher)).code).toBe(
      'assessment_point.not_found',
    );
    expect((await assessment.attempt(SAVE_RESULT_GRID, { pointId, cells: [cell] }, otherTeacher)).code).toBe(
      'assessment_point.not_found',
    );
    expect((await assessment.attempt(LIST_RESULTS, { pointId }, otherTeacher)).code).toBe('assessment_point.not_found');
  });

  it('history is append-only: the runtime role may insert into it but not update it', async () => {
    const grants = await assessment.sql<{ grantee: string; privilege_type: string }>(
      `select grantee, privilege_type from information_schema.role_table_grants
        where table_name = 'assessment_result_history'
          and grantee <> (select tableowner from pg_tables where tablename = 'assessment_result_history')`,
    );
    const runtime = grants.filter((g) => g.privilege_type === 'INSERT').map((g) => g.grantee);
    expect(runtime.length).toBeGreaterThan(0);
    expect(grants.filter((g) => runtime.includes(g.grantee) && g.privilege_type === 'UPDATE')).toEqual([]);
  });
});
