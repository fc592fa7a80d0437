import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_PUPIL_ATTRIBUTES,
  GET_RESULT_HISTORY,
  LIST_MISSING_RESULTS,
  LIST_RESULTS,
  PUPIL_CREATED,
  PUPIL_UPDATED,
  RECORD_RESULT,
  SAVE_RESULT_GRID,
  SET_TARGETS,
} from '@pt/contracts';
import { aSchool, anEvent, aStaff, pupilAttributes, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe("results name only the school's pupils that the caller may see (issue 13, items 2 and 5; assessment service)", () => {
  let assessment: ServiceHarness;
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const otherSchool = aSchool();
  const [classA, classB] = [randomUUID(), randomUUID()];
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacherA = aStaff(school, { roles: ['teacher'], classGroupIds: [classA] });
  // Four pupils in 5A, three in 5B, one in no class; one of another school.
  const inA = Array.from({ length: 4 }, () => randomUUID());
  const inB = Array.from({ length: 3 }, () => randomUUID());
  const unplaced = randomUUID();
  const foreign = randomUUID();
  /** In 5A, known to pupil-records but not yet to assessment's read model. */
  const newcomer = randomUUID();
  let framework: FrameworkView;
  let pointId: string; // Autumn 2, 2026-12-10
  let reading: string;
  let writing: string;
  let maths: string;

  const system = { tenantId: school.id, actor: { id: null, kind: 'system' as const, roles: [] } };

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, inA, { classGroupId: classA });
    records.add(school.id, inB, { classGroupId: classB, yearGroup: '6' });
    records.add(school.id, [unplaced]);
    records.add(otherSchool.id, [foreign], { classGroupId: classA });
    for (const pupilId of [...inA, ...inB, unplaced]) {
      await assessment.deliver(anEvent(PUPIL_CREATED, { pupilId }, system));
    }
    framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, head);
    await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey: 'steps' }, head);
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 2', date: '2026-12-10' },
      head,
    );
    pointId = framework.points[0].id;
    [reading, writing, maths] = ['Reading', 'Writing', 'Mathematics'].map(
      (name) => framework.measures.find((m) => m.name === name)!.id,
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it("refuses a pupil unknown to the school, or another school's, with 404 naming the field; nothing is written", async () => {
    const one = await assessment.attempt(
      RECORD_RESULT,
      { pointId, pupilId: foreign, measureId: reading, value: 'SEC' },
      head,
    );
    expect(one).toMatchObject({ kind: 'not_found', code: 'pupil.not_found', errors: [{ field: 'pupilId' }] });
    const grid = await assessment.attempt(
      SAVE_RESULT_GRID,
      {
        pointId,
        cells: [
          { pupilId: inA[0], measureId: reading, value: 'SEC' },
          { pupilId: randomUUID(), measureId: reading, value: 'SEC' },
          { pupilId: foreign, measureId: writing, value: 'SEC' },
        ],
      },
      head,
    );
    expect(grid).toMatchObject({ kind: 'not_found', code: 'pupil.not_found' });
    expect(grid.errors!.map((e) => e.field)).toEqual(['cells[1].pupilId', 'cells[2].pupilId']);
    const target = await assessment.attempt(
      SET_TARGETS,
      { pupilId: foreign, measureId: reading, targets: [{ kind: 'minimum', value: 'SEC' }] },
      head,
    );
    expect(target).toMatchObject({ code: 'pupil.not_found', errors: [{ field: 'pupilId' }] });
    expect(await assessment.sql('select id from assessment_result where point_id = $1', [pointId])).toEqual([]);
  });

  it('takes a pupil whose created event has not arrived yet, by asking pupil-records once', async () => {
    records.add(school.id, [newcomer], { classGroupId: classA });
    const asked = records.asked.length;
    const saved = await assessment.call(
      RECORD_RESULT,
      { pointId, pupilId: newcomer, measureId: reading, value: 'DEV' },
      head,
    );
    expect(saved.pupilId).toBe(newcomer);
    expect(records.asked.slice(asked)).toEqual([[newcomer]]);
    // Known now: the next result asks nothing.
    await assessment.call(RECORD_RESULT, { pointId, pupilId: newcomer, measureId: writing, value: 'DEV' }, head);
    expect(records.asked.length).toBe(asked + 1);
  });

  it('P19: a teacher limited to a class group enters results only for its pupils, and sees only theirs', async () => {
    const outside = await assessment.attempt(
      SAVE_RESULT_GRID,
      {
        pointId,
        cells: [
          { pupilId: inA[0], measureId: reading, value: 'SEC' },
          { pupilId: inB[0], measureId: reading, value: 'SEC' },
        ],
      },
      teacherA,
    );
    expect(outside).toMatchObject({ code: 'pupil.not_found', errors: [{ field: 'cells[1].pupilId' }] });
    await assessment.call(
      SAVE_RESULT_GRID,
      { pointId, cells: inA.map((pupilId) => ({ pupilId, measureId: reading, value: 'SEC' })) },
      teacherA,
    );
    await assessment.call(RECORD_RESULT, { pointId, pupilId: inB[0], measureId: reading, value: 'MAS' }, head);

    const seen = await assessment.call(LIST_RESULTS, { pointId, measureId: reading }, teacherA);
    expect(new Set(seen.map((r) => r.pupilId))).toEqual(new Set([...inA, newcomer]));
    const all = await assessment.call(LIST_RESULTS, { pointId, measureId: reading }, head);
    expect(all.map((r) => r.pupilId)).toContain(inB[0]);
    const history = await assessment.attempt(
      GET_RESULT_HISTORY,
      { pointId, measureId: reading, pupilId: inB[0] },
      teacherA,
    );
    expect(history).toMatchObject({ code: 'pupil.not_found' });
  });

  it("P18: a restricted pupil's results are read-only (409 naming the field)", async () => {
    const restricted = randomUUID();
    records.put(school.id, pupilAttributes(restricted, { restricted: true }));
    const refused = await assessment.attempt(
      RECORD_RESULT,
      { pointId, pupilId: restricted, measureId: reading, value: 'SEC' },
      head,
    );
    expect(refused).toMatchObject({ kind: 'conflict', code: 'pupil.restricted', errors: [{ field: 'pupilId' }] });
  });

  it('the missing results of a point: per pupil and per class group, in one view, a teacher seeing only theirs', async () => {
    const view = await assessment.call(LIST_MISSING_RESULTS, { pointId }, head);
    // On roll: 4 in 5A, 3 in 5B, 1 unplaced, and the newcomer in 5A (restricted pupil left out).
    expect(view.pupils).toBe(9);
    const measures = framework.measures.length;
    expect(view.expected).toBe(9 * measures);
    const groupA = view.byClassGroup.find((g) => g.classGroupId === classA)!;
    // 5A: reading for all five, writing for the newcomer.
    expect(groupA).toEqual({ classGroupId: classA, pupils: 5, expected: 5 * measures, missing: 5 * measures - 6 });
    expect(view.byClassGroup.find((g) => g.classGroupId === null)).toMatchObject({ pupils: 1, missing: measures });
    const first = view.pupilsMissing.find((p) => p.pupilId === inA[0])!;
    expect(first.measureIds).not.toContain(reading);
    expect(first.measureIds).toContain(maths);

    const teachers = await assessment.call(LIST_MISSING_RESULTS, { pointId, measureId: reading }, teacherA);
    expect(teachers.byClassGroup).toEqual([{ classGroupId: classA, pupils: 5, expected: 5, missing: 0 }]);
    expect(teachers.pupilsMissing).toEqual([]);

    const year6 = await assessment.call(LIST_MISSING_RESULTS, { pointId, yearGroup: '6', measureId: reading }, head);
    expect(year6).toMatchObject({ pupils: 3, expected: 3, missing: 2 });
  });

  it('the roll is as at the point’s date: a later class move, a later joiner and an earlier leaver are placed as they stood', async () => {
    const moved = pupilAttributes(inB[1], {
      classGroupId: classA,
      yearGroup: '6',
      version: 2,
      changedAt: '2027-01-05T09:00:00.000Z',
    });
    records.put(school.id, moved);
    await assessment.deliver(anEvent(PUPIL_UPDATED, { pupilId: inB[1], fields: ['classGroupId'] }, system));
    const [joiner, leaver] = [randomUUID(), randomUUID()];
    records.add(school.id, [joiner], { entryDate: '2027-01-04', classGroupId: classB });
    records.add(school.id, [leaver], { leavingDate: '2026-11-30', classGroupId: classB });
    for (const pupilId of [joiner, leaver]) await assessment.deliver(anEvent(PUPIL_CREATED, { pupilId }, system));

    const view = await assessment.call(LIST_MISSING_RESULTS, { pointId, classGroupId: classB, measureId: maths }, head);
    // Still three in 5B on 10 December: the move came later, the joiner after, the leaver before.
    expect(view).toMatchObject({ asAt: '2026-12-10', pupils: 3, expected: 3, missing: 3 });
    expect(view.pupilsMissing.map((p) => p.pupilId).sort()).toEqual([...inB].sort());
  });

  it('refuses a malformed filter naming it', async () => {
    const refused = await assessment.attempt(
      LIST_MISSING_RESULTS,
      { pointId, classGroupId: 'x', yearGroup: '15' as never },
      head,
    );
    expect(refused.errors!.map((e) => e.field)).toEqual(['classGroupId', 'yearGroup']);
  });
});
