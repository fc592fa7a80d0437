import { FrameworkView, ResultGridSaveView, ResultHistoryEntryView, ResultView } from '@pt/contracts';
import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

// The result rules (scales, history, atomic grids, closed points) are specified on the
// assessment service alone, in apps/assessment/src/results/results.int-spec.ts; here,
// through the gateway: the routes, their permissions and the service behind them.
describe('assessment results through the gateway', () => {
  let world: World;
  let head: Staff;
  let teacher: Staff;
  let readOnly: Staff;
  let otherHead: Staff;
  let pointId: string;
  let reading: string;
  let ks2Reading: string;
  const pupils: string[] = [];

  beforeAll(async () => {
    world = await World.start({
      label: 'assessres',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
    });
    const school = await world.school({ signed: true });
    const admin = await world.staff(school, ['school-admin']);
    for (let i = 0; i < 5; i++) pupils.push((await world.pupil(admin)).id);
    head = await world.staff(school, ['senior-leader']);
    teacher = await world.staff(school, ['teacher']);
    readOnly = await world.staff(school, ['read-only']);
    otherHead = await world.staff(await world.school(), ['school-admin']);
    const created = await world.call(head, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking 2026/27',
    });
    const frameworkId = (created.body as FrameworkView).id;
    for (const templateKey of ['steps', 'ks2-scaled-scores']) {
      await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, { templateKey });
    }
    const withPoint = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
      name: 'Autumn 1',
      date: '2026-10-23',
    });
    const framework = withPoint.body as FrameworkView;
    pointId = framework.points[0].id;
    reading = framework.measures.find((m) => m.name === 'Reading')!.id;
    ks2Reading = framework.measures.find((m) => m.name === 'KS2 Reading')!.id;
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('a teacher enters a result, changes it, saves a grid, and reads the point and a history', async () => {
    const one = await world.call(teacher, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: pupils[0],
      measureId: reading,
      value: 'DEV',
      comment: 'Reads with support',
    });
    expect(one.status).toBe(200);
    expect(one.body as ResultView).toMatchObject({ value: 'DEV', points: 2, comment: 'Reads with support' });

    const grid = await world.call(teacher, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: pupils.flatMap((pupilId, i) => [
        { pupilId, measureId: reading, value: 'SEC' },
        { pupilId, measureId: ks2Reading, value: String(100 + i) },
      ]),
    });
    expect(grid.status).toBe(200);
    expect(grid.body as ResultGridSaveView).toEqual({ pointId, recorded: 9, changed: 1, unchanged: 0 });

    const all = await world.call(readOnly, 'GET', `/api/v1/assessment/points/${pointId}/results`);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(10);
    const ks2 = await world.call(
      readOnly,
      'GET',
      `/api/v1/assessment/points/${pointId}/results?measureId=${ks2Reading}`,
    );
    expect((ks2.body as ResultView[]).map((r) => r.points).sort()).toEqual([100, 101, 102, 103, 104]);

    const history = await world.call(
      readOnly,
      'GET',
      `/api/v1/assessment/points/${pointId}/results/history?measureId=${reading}&pupilId=${pupils[0]}`,
    );
    expect(history.status).toBe(200);
    expect((history.body as ResultHistoryEntryView[]).map((h) => [h.oldValue, h.newValue, h.changedBy])).toEqual([
      [null, 'DEV', teacher.id],
      ['DEV', 'SEC', teacher.id],
    ]);
  });

  it('refuses a grid with bad cells with problem+json naming each cell, and writes none of it', async () => {
    const before = await world.sql('assessment', 'select id, value from assessment_result order by id');
    const reply = await world.call(teacher, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: [
        { pupilId: pupils[0], measureId: reading, value: 'MAS' },
        { pupilId: pupils[1], measureId: ks2Reading, value: '79' },
        { pupilId: pupils[2], measureId: randomUUID(), value: 'SEC' },
        { pupilId: pupils[3], measureId: reading, value: 'Secure' },
      ],
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([
      { field: 'cells[1].value', message: 'must be between 80 and 120' },
      { field: 'cells[2].measureId', message: "must be a measure of the point's framework" },
      { field: 'cells[3].value', message: 'must be a grade code of the measure’s scale' },
    ]);
    expect(await world.sql('assessment', 'select id, value from assessment_result order by id')).toEqual(before);
  });

  it('refuses results at a closed point until it is reopened: 409 assessment_point.closed', async () => {
    expect((await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/close`)).status).toBe(200);
    const single = await world.call(teacher, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: pupils[4],
      measureId: reading,
      value: 'MAS',
    });
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('assessment_point.closed');
    const grid = await world.call(teacher, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: [{ pupilId: pupils[4], measureId: reading, value: 'MAS' }],
    });
    expect(grid.status).toBe(409);
    expect(grid.body.code).toBe('assessment_point.closed');
    expect((await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/reopen`)).status).toBe(200);
  });

  it("another school's point is not found: 404", async () => {
    const entered = await world.call(otherHead, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: pupils[0],
      measureId: reading,
      value: 'MAS',
    });
    expect(entered.status).toBe(404);
    expect(entered.body.code).toBe('assessment_point.not_found');
    const read = await world.call(otherHead, 'GET', `/api/v1/assessment/points/${pointId}/results`);
    expect(read.status).toBe(404);
  });

  it('staff without assessments:write may not enter results: 403', async () => {
    const single = await world.call(readOnly, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: pupils[0],
      measureId: reading,
      value: 'MAS',
    });
    expect(single.status).toBe(403);
    const grid = await world.call(readOnly, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: [{ pupilId: pupils[0], measureId: reading, value: 'MAS' }],
    });
    expect(grid.status).toBe(403);
  });
});
