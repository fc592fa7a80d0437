import {
  CREATE_QUESTION_TEST,
  GET_PUPIL_ATTRIBUTES,
  GET_QUESTION_FACILITY,
  LIST_QUESTION_MARKS,
  PUPIL_CREATED,
  PUPIL_ERASED,
  PUPIL_RESTRICTED,
  PUPIL_UPDATED,
  QuestionGroupFacilityView,
  QuestionTestView,
  SAVE_QUESTION_MARKS,
} from '@pt/contracts';
import { aSchool, anEvent, aStaff, pupilAttributes, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe('question-level analysis: marks per question and facility by group (issue 13, item 7; assessment service)', () => {
  let assessment: ServiceHarness;
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const otherSchool = aSchool();
  const [classA, classB] = [randomUUID(), randomUUID()];
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacherB = aStaff(school, { roles: ['teacher'], classGroupIds: [classB] });
  const otherHead = aStaff(otherSchool, { roles: ['senior-leader'] });
  // ann, bea, hal, ivy and jo are girls in 5A, cal, dan, kit and lee boys in 5A, eve a boy in 5B;
  // fay (5B) is restricted later, gus erased.
  const [ann, bea, cal, dan, eve, fay, gus, hal, ivy, jo, kit, lee] = Array.from({ length: 12 }, () => randomUUID());
  const system = { tenantId: school.id, actor: { id: null, kind: 'system' as const, roles: [] } };
  let test: QuestionTestView;
  let [q1, q2, q3] = ['', '', ''];

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, [ann, bea, hal, ivy, jo], { classGroupId: classA, gender: 'F' });
    records.add(school.id, [cal, dan, kit, lee], { classGroupId: classA, gender: 'M' });
    records.add(school.id, [eve, gus], { classGroupId: classB, gender: 'M' });
    records.add(school.id, [fay], { classGroupId: classB, gender: 'F' });
    for (const pupilId of [ann, bea, cal, dan, eve, fay, gus, hal, ivy, jo, kit, lee]) {
      await assessment.deliver(anEvent(PUPIL_CREATED, { pupilId }, system));
    }
    test = await assessment.call(
      CREATE_QUESTION_TEST,
      {
        name: 'Year 5 autumn maths',
        date: '2026-11-10',
        questions: [
          { label: '1', maxMarks: 2, strand: 'Fractions' },
          { label: '2a', maxMarks: 1, strand: 'Fractions' },
          { label: '2b', maxMarks: 3, strand: 'Geometry' },
        ],
      },
      head,
    );
    [q1, q2, q3] = test.questions.map((q) => q.id);
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  const grid = (rows: Array<[string, number, number, number]>) =>
    rows.flatMap(([pupilId, ...marks]) => marks.map((mark, i) => ({ pupilId, questionId: [q1, q2, q3][i], mark })));
  const facility = async (staff = head) =>
    (await assessment.call(GET_QUESTION_FACILITY, { testId: test.id }, staff)).groups;
  const group = (groups: QuestionGroupFacilityView[], dimension: string, value: string | null) =>
    groups.find((g) => g.dimension === dimension && g.value === value)!;
  const facilities = (g: QuestionGroupFacilityView) => [
    ...g.questions.map((q) => q.facility),
    ...g.strands.map((s) => [s.strand, s.facility]),
  ];

  it('refuses a grid with bad cells, naming each one, and writes nothing', async () => {
    const refused = await assessment.attempt(
      SAVE_QUESTION_MARKS,
      {
        testId: test.id,
        cells: [
          { pupilId: ann, questionId: q1, mark: 2 },
          { pupilId: ann, questionId: q2, mark: 2 },
          { pupilId: ann, questionId: randomUUID(), mark: 1 },
          { pupilId: bea, questionId: q3, mark: 1.5 },
          { pupilId: ann, questionId: q1, mark: 1 },
        ],
      },
      head,
    );
    expect(refused).toMatchObject({ kind: 'validation' });
    expect(refused.errors!.map((e) => e.field)).toEqual([
      'cells[1].mark',
      'cells[2].questionId',
      'cells[3].mark',
      'cells[4]',
    ]);
    expect(await assessment.sql('select id from question_mark')).toEqual([]);
  });

  it('gives the facility of each question and strand, for the cohort and for each group as at the test date', async () => {
    const saved = await assessment.call(
      SAVE_QUESTION_MARKS,
      {
        testId: test.id,
        cells: grid([
          [ann, 2, 1, 3],
          [bea, 1, 0, 2],
          [cal, 2, 1, 1],
          [dan, 0, 1, 0],
          [eve, 2, 0, 3],
          [fay, 2, 1, 3],
          [gus, 0, 0, 0],
          [hal, 2, 1, 3],
          [ivy, 1, 1, 2],
          [jo, 2, 0, 1],
          [kit, 1, 0, 2],
          [lee, 2, 1, 3],
        ]),
      },
      head,
    );
    expect(saved).toEqual({ testId: test.id, saved: 36 });
    // Bea is recorded as a boy after the test: the test's groups keep her as a girl.
    records.put(
      school.id,
      pupilAttributes(bea, { version: 2, classGroupId: classA, gender: 'M', changedAt: '2026-12-01T09:00:00.000Z' }),
    );
    await assessment.deliver(anEvent(PUPIL_UPDATED, { pupilId: bea, fields: ['gender'] }, system));
    // Fay is restricted (P18) and Gus erased (P17): both are left out.
    records.put(school.id, pupilAttributes(fay, { version: 2, classGroupId: classB, gender: 'F', restricted: true }));
    await assessment.deliver(
      anEvent(PUPIL_RESTRICTED, { pupilId: fay, restrictionId: randomUUID(), kind: 'restriction' }, system),
    );
    await assessment.deliver(
      anEvent(PUPIL_ERASED, { pupilId: gus, erasureId: randomUUID(), requestedBy: 'school' }, system),
    );
    expect(await assessment.sql('select id from question_mark where pupil_id = $1', [gus])).toEqual([]);

    const groups = await facility();
    // All ten: q1 15/20, q2 6/10, q3 20/30; Fractions 21/30, Geometry 20/30.
    expect(group(groups, 'all', 'all')).toMatchObject({ pupils: 10 });
    expect(facilities(group(groups, 'all', 'all'))).toEqual([
      0.75,
      0.6,
      0.6667,
      ['Fractions', 0.7],
      ['Geometry', 0.6667],
    ]);
    expect(group(groups, 'all', 'all').questions[0]).toEqual({
      questionId: q1,
      pupils: 10,
      marks: 15,
      maxMarks: 20,
      facility: 0.75,
    });
    // Girls then (ann, bea, hal, ivy, jo): q1 8/10, q2 3/5, q3 11/15; boys (cal, dan, eve, kit, lee): q1 7/10,
    // q2 3/5, q3 9/15. Counted as a boy (as now), Bea would leave 4 girls and hide both groups.
    expect(group(groups, 'gender', 'F')).toMatchObject({ pupils: 5 });
    expect(facilities(group(groups, 'gender', 'F'))).toEqual([
      0.8,
      0.6,
      0.7333,
      ['Fractions', 0.7333],
      ['Geometry', 0.7333],
    ]);
    expect(facilities(group(groups, 'gender', 'M'))).toEqual([0.7, 0.6, 0.6, ['Fractions', 0.6667], ['Geometry', 0.6]]);
    expect(groups.map((g) => g.dimension)).toEqual(
      expect.arrayContaining(['disadvantaged', 'fsm', 'pupilPremium', 'senStatus', 'eal', 'yearGroup']),
    );
  });

  it('suppresses a group under 5 as [c], and the group that would give it away from the cohort (complementary)', async () => {
    const groups = await facility();
    const hidden = { pupils: '[c]', marks: '[c]', maxMarks: '[c]', facility: '[c]' };
    // 5B is Eve alone (primary); 5A's 9 would be the cohort's 10 less Eve, so it is hidden with her.
    for (const classGroup of [classB, classA]) {
      expect(group(groups, 'classGroup', classGroup)).toEqual({
        dimension: 'classGroup',
        value: classGroup,
        pupils: '[c]',
        questions: [q1, q2, q3].map((questionId) => ({ questionId, ...hidden })),
        strands: ['Fractions', 'Geometry'].map((strand) => ({ strand, ...hidden })),
      });
    }
  });

  it('P19: a teacher limited to a class group sees the marks and facility of its pupils only', async () => {
    // 5B's one visible pupil (Eve) is a cohort under 5: every figure is [c].
    const groups = await facility(teacherB);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.pupils === '[c]' && g.questions.every((q) => q.facility === '[c]'))).toBe(true);
    const marks = await assessment.call(LIST_QUESTION_MARKS, { testId: test.id }, teacherB);
    expect(new Set(marks.marks.map((m) => m.pupilId))).toEqual(new Set([eve, fay]));
    const outside = await assessment.attempt(
      SAVE_QUESTION_MARKS,
      { testId: test.id, cells: [{ pupilId: ann, questionId: q1, mark: 0 }] },
      teacherB,
    );
    expect(outside).toMatchObject({ code: 'pupil.not_found', errors: [{ field: 'cells[0].pupilId' }] });
  });

  it("P18: a restricted pupil's marks are read-only; another school's test answers as missing", async () => {
    const restricted = await assessment.attempt(
      SAVE_QUESTION_MARKS,
      { testId: test.id, cells: [{ pupilId: fay, questionId: q1, mark: 0 }] },
      head,
    );
    expect(restricted).toMatchObject({ code: 'pupil.restricted', errors: [{ field: 'cells[0].pupilId' }] });
    expect(await assessment.attempt(GET_QUESTION_FACILITY, { testId: test.id }, otherHead)).toMatchObject({
      code: 'question_test.not_found',
    });
  });
});
