import { FrameworkView, MissingResultsView, PUPIL_UPDATED, ResultView } from '@pt/contracts';
import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * Assessment's read model of pupils, kept from pupil-records' durable events on the real
 * stream (issue 13, item 5), and what depends on it (item 2): results only for the school's
 * pupils, a teacher limited to class groups entering and seeing only theirs, the missing
 * results of a point, and erasure (item 9). The rules are specified on the service alone
 * (apps/assessment/src/pupils, results/result-pupils.int-spec.ts); here, end to end.
 */
describe('assessment knows the pupils of pupil-records, as they stood at each point', () => {
  let world: World;
  let school: string;
  let admin: Staff;
  let head: Staff;
  let teacherA: Staff;
  let otherAdmin: Staff;
  let classA: string;
  let classB: string;
  const inA: string[] = [];
  const inB: string[] = [];
  let foreignPupil: string;
  let pointId: string;
  let reading: string;
  let measures: number;

  const periodsOf = (pupilId: string) =>
    world.sql(
      'assessment',
      'select version, fsm, class_group_id, valid_to is null as open from pupil_period where pupil_id = $1 order by version',
      [pupilId],
    );
  const known = async (ids: string[]) =>
    (
      await world.sql('assessment', 'select count(*)::int as n from pupil_period where pupil_id = any($1::uuid[])', [
        ids,
      ])
    )[0].n as number;

  beforeAll(async () => {
    world = await World.start({
      label: 'assesspupils',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
    });
    school = (await world.school({ signed: true })).id;
    admin = await world.staff(school, ['school-admin']);
    head = await world.staff(school, ['senior-leader']);
    classA = await world.classGroup(admin, '5A');
    classB = await world.classGroup(admin, '5B');
    teacherA = await world.staff(school, ['teacher'], { classGroupIds: [classA] });
    for (let i = 0; i < 3; i++) inA.push((await world.pupil(admin, { classGroupId: classA })).id);
    for (let i = 0; i < 2; i++) inB.push((await world.pupil(admin, { classGroupId: classB })).id);
    const other = (await world.school({ signed: true })).id;
    otherAdmin = await world.staff(other, ['school-admin']);
    foreignPupil = (await world.pupil(otherAdmin)).id;

    const created = await world.call(head, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking',
    });
    const frameworkId = (created.body as FrameworkView).id;
    await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, { templateKey: 'steps' });
    const withPoint = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
      name: 'Autumn 2',
      date: '2026-12-04',
    });
    const framework = withPoint.body as FrameworkView;
    pointId = framework.points[0].id;
    reading = framework.measures.find((m) => m.name === 'Reading')!.id;
    measures = framework.measures.length;
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it("pupils added in pupil-records reach assessment's read model through the stream; a change opens a new period", async () => {
    await world.until(async () => (await known([...inA, ...inB, foreignPupil])) === 6, 15_000);
    const path = `/api/v1/pupils/${inA[0]}`;
    const changed = await world.call(admin, 'PATCH', path, { fsm: true }, { headers: { 'if-match': '"1"' } });
    expect(changed.status).toBe(200);
    await world.until(async () => (await periodsOf(inA[0])).length === 2, 15_000);
    expect(await periodsOf(inA[0])).toEqual([
      { version: 1, fsm: false, class_group_id: classA, open: false },
      { version: 2, fsm: true, class_group_id: classA, open: true },
    ]);
  });

  it('a replayed update (republished under a new message id) changes nothing', async () => {
    const updates = await world.published(PUPIL_UPDATED.subject, (events) =>
      events.some((e) => e.data.pupilId === inA[0]),
    );
    const original = updates.find((e) => e.data.pupilId === inA[0])!;
    await world.publish([{ ...original, id: randomUUID() } as never]);
    // The replay is handled (a later marker event proves it) and still only two periods stand.
    const marker = (await world.pupil(admin, { classGroupId: classB })).id;
    inB.push(marker);
    await world.until(async () => (await known([marker])) === 1, 15_000);
    expect((await periodsOf(inA[0])).map((p) => p.version)).toEqual([1, 2]);
  });

  it("refuses another school's pupil with 404 naming the field", async () => {
    const reply = await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: foreignPupil,
      measureId: reading,
      value: 'SEC',
    });
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 'pupil.not_found', errors: [{ field: 'pupilId' }] });
  });

  it('P19: a teacher limited to a class group enters and sees results only for its pupils', async () => {
    const outside = await world.call(teacherA, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: [
        { pupilId: inA[0], measureId: reading, value: 'SEC' },
        { pupilId: inB[0], measureId: reading, value: 'SEC' },
      ],
    });
    expect(outside.status).toBe(404);
    expect(outside.body.errors).toEqual([{ field: 'cells[1].pupilId', message: expect.any(String) }]);

    const own = await world.call(teacherA, 'PUT', `/api/v1/assessment/points/${pointId}/results`, {
      cells: inA.map((pupilId) => ({ pupilId, measureId: reading, value: 'SEC' })),
    });
    expect(own.status).toBe(200);
    const byHead = await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: inB[0],
      measureId: reading,
      value: 'DEV',
    });
    expect(byHead.status).toBe(200);

    const seen = await world.call(teacherA, 'GET', `/api/v1/assessment/points/${pointId}/results`);
    expect((seen.body as ResultView[]).map((r) => r.pupilId).sort()).toEqual([...inA].sort());
    const all = await world.call(head, 'GET', `/api/v1/assessment/points/${pointId}/results`);
    expect(all.body as ResultView[]).toHaveLength(4);
  });

  it('the missing results of a point, per class group, and a teacher’s own', async () => {
    const view = await world.call(head, 'GET', `/api/v1/assessment/points/${pointId}/missing-results`);
    expect(view.status).toBe(200);
    const body = view.body as MissingResultsView;
    expect(body).toMatchObject({ pointId, asAt: '2026-12-04', pupils: 6, expected: 6 * measures });
    expect(body.byClassGroup).toEqual(
      expect.arrayContaining([
        { classGroupId: classA, pupils: 3, expected: 3 * measures, missing: 3 * measures - 3 },
        { classGroupId: classB, pupils: 3, expected: 3 * measures, missing: 3 * measures - 1 },
      ]),
    );

    const mine = await world.call(
      teacherA,
      'GET',
      `/api/v1/assessment/points/${pointId}/missing-results?measureId=${reading}`,
    );
    expect(mine.body).toMatchObject({
      pupils: 3,
      missing: 0,
      byClassGroup: [{ classGroupId: classA, pupils: 3, expected: 3, missing: 0 }],
    });

    const bad = await world.call(head, 'GET', `/api/v1/assessment/points/${pointId}/missing-results?yearGroup=15`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['yearGroup']);
    const theirs = await world.call(otherAdmin, 'GET', `/api/v1/assessment/points/${pointId}/missing-results`);
    expect(theirs.status).toBe(404);
  });

  it('keeps following pupil-records across a restart of assessment (durable consumer)', async () => {
    expect(await world.stack.stopProcess('assessment')).toBe(0);
    const path = `/api/v1/pupils/${inB[1]}`;
    const moved = await world.call(admin, 'PATCH', path, { classGroupId: classA }, { headers: { 'if-match': '"1"' } });
    expect(moved.status).toBe(200);
    await world.stack.startProcess('assessment');
    await world.until(async () => (await periodsOf(inB[1])).length === 2, 15_000);
    expect((await periodsOf(inB[1])).at(-1)).toMatchObject({ class_group_id: classA, open: true });
  });

  it('P17: erasing a pupil in pupil-records erases their results and history here', async () => {
    const pupil = inA[2];
    const erased = await world.call(admin, 'POST', `/api/v1/pupils/${pupil}/erasure`, {
      requestedBy: 'parent',
      reason: 'Parent asked for erasure',
    });
    expect(erased.status).toBe(200);
    await world.until(async () => (await known([pupil])) === 0, 15_000);
    expect(await world.sql('assessment', 'select id from assessment_result where pupil_id = $1', [pupil])).toEqual([]);
    expect(
      await world.sql('assessment', 'select id from assessment_result_history where pupil_id = $1', [pupil]),
    ).toEqual([]);
    const again = await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/results`, {
      pupilId: pupil,
      measureId: reading,
      value: 'SEC',
    });
    expect(again.status).toBe(404);
  });
});
