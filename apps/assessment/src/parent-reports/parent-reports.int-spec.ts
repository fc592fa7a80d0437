import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_PUPIL,
  GET_PUPIL_ATTRIBUTES,
  GET_SCHOOL,
  GET_SECONDARY_MEASURES,
  ISSUE_CLASS_REPORTS,
  ISSUE_PARENT_REPORT,
  LIST_PARENT_REPORTS,
  LIST_PUPILS,
  PUPIL_CREATED,
  PUPIL_ERASED,
  PUPIL_RESTRICTED,
  PupilView,
  RECORD_RESULT,
  SchoolView,
  SET_KS4_MEASURES,
  SET_PRIOR_ATTAINMENT,
  subjectExportPattern,
} from '@pt/contracts';
import { aSchool, anEvent, aStaff, pupilAttributes, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

// The PDF itself is specified in parent-report-pdf.spec.ts and read back end to end in
// test/assessment-targets-and-reports.e2e-spec.ts; here, what the service keeps and who may reach it.
describe('parent reports and secondary measures: who may reach them, and what erasure and access requests see (issue 13, items 4 and 8)', () => {
  let assessment: ServiceHarness;
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const [classA, classB] = [randomUUID(), randomUUID()];
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacherB = aStaff(school, { roles: ['teacher'], classGroupIds: [classB] });
  const [ann, ben, cal] = [randomUUID(), randomUUID(), randomUUID()];
  const system = { tenantId: school.id, actor: { id: null, kind: 'system' as const, roles: [] } };
  let framework: FrameworkView;
  let pointId: string;

  const view = (id: string, classGroupId: string, restricted = false) =>
    ({
      id,
      legalForename: 'Pupil',
      legalSurname: id.slice(0, 4),
      preferredForename: null,
      preferredSurname: null,
      yearGroup: '11',
      classGroupId,
      attendance: null,
      restricted,
    }) as unknown as PupilView;
  const roster = new Map<string, PupilView>([
    [ann, view(ann, classA)],
    [ben, view(ben, classA)],
    [cal, view(cal, classB)],
  ]);

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    assessment.answer(GET_SCHOOL, () => ({ id: school.id, name: 'Hilltop' }) as unknown as SchoolView);
    assessment.answer(GET_PUPIL, ({ data }) => roster.get(data.pupilId)!);
    assessment.answer(LIST_PUPILS, ({ data }) => ({
      items: [...roster.values()].filter((p) => p.classGroupId === data.classGroupId),
      nextCursor: null,
    }));
    records.add(school.id, [ann, ben], { classGroupId: classA });
    records.add(school.id, [cal], { classGroupId: classB });
    for (const pupilId of [ann, ben, cal]) await assessment.deliver(anEvent(PUPIL_CREATED, { pupilId }, system));
    framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Year 11' }, head);
    await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey: 'gcse-9-1' }, head);
    framework = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Mocks', date: '2027-01-15' },
      head,
    );
    pointId = framework.points[0].id;
    const maths = framework.measures.find((m) => m.name === 'Mathematics')!.id;
    await assessment.call(
      SET_KS4_MEASURES,
      { frameworkId: framework.id, measures: [{ measureId: maths, role: 'maths' }] },
      head,
    );
    for (const [pupilId, value] of [
      [ann, '5'],
      [ben, '4'],
      [cal, '6'],
    ]) {
      await assessment.call(RECORD_RESULT, { pointId, pupilId, measureId: maths, value }, head);
    }
    await assessment.call(
      SET_PRIOR_ATTAINMENT,
      { frameworkId: framework.id, pupils: [{ pupilId: ann, score: 104 }] },
      head,
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('P19: a teacher limited to a class group sees only its pupils’ Attainment 8, and may not issue another class’s reports', async () => {
    const seen = await assessment.call(GET_SECONDARY_MEASURES, { pointId }, teacherB);
    expect(seen.pupils.map((p) => p.pupilId)).toEqual([cal]);
    expect(seen.cohort).toMatchObject({ pupils: 1, attainment8: 12 });
    expect(await assessment.attempt(ISSUE_CLASS_REPORTS, { pointId, classGroupId: classA }, teacherB)).toMatchObject({
      code: 'class_group.not_found',
    });
    expect(await assessment.attempt(ISSUE_PARENT_REPORT, { pointId, pupilId: ann }, teacherB)).toMatchObject({
      code: 'pupil.not_found',
    });
  });

  it('a class batch archives one report per pupil with one event each (ids only), and the archive is scoped', async () => {
    const batch = await assessment.call(
      ISSUE_CLASS_REPORTS,
      { pointId, classGroupId: classA, teacherComments: [{ pupilId: ann, comment: 'A strong term.' }] },
      head,
    );
    expect(batch.reports.map((r) => r.pupilId).sort()).toEqual([ann, ben].sort());
    const stored = await assessment.sql<{ pupil_id: string; size: number; sha256: string; batch_id: string }>(
      'select pupil_id, size, sha256, batch_id from parent_report where point_id = $1',
      [pointId],
    );
    expect(stored).toHaveLength(2);
    expect(stored.every((r) => r.batch_id === batch.batchId && r.sha256.length === 64 && r.size > 1000)).toBe(true);
    const events = await assessment.sql<{ envelope: { data: Record<string, string> } }>(
      `select envelope from outbox where subject = 'evt.assessment.parent-report.issued'`,
    );
    expect(events.map((e) => Object.keys(e.envelope.data).sort())).toEqual([
      ['pointId', 'pupilId', 'reportId'],
      ['pointId', 'pupilId', 'reportId'],
    ]);
    await assessment.call(ISSUE_PARENT_REPORT, { pointId, pupilId: cal }, teacherB);
    expect((await assessment.call(LIST_PARENT_REPORTS, {}, teacherB)).map((r) => r.pupilId)).toEqual([cal]);
    expect(await assessment.call(LIST_PARENT_REPORTS, {}, head)).toHaveLength(3);
  });

  it('a restricted pupil is skipped by the class batch and refused on their own (P18)', async () => {
    roster.set(ben, view(ben, classA, true));
    const batch = await assessment.call(ISSUE_CLASS_REPORTS, { pointId, classGroupId: classA }, head);
    expect(batch.skipped).toEqual([{ pupilId: ben, reason: 'restricted' }]);
    expect(batch.reports.map((r) => r.pupilId)).toEqual([ann]);
    records.put(school.id, pupilAttributes(ben, { version: 2, classGroupId: classA, restricted: true }));
    await assessment.deliver(
      anEvent(PUPIL_RESTRICTED, { pupilId: ben, restrictionId: randomUUID(), kind: 'restriction' }, system),
    );
    expect(await assessment.attempt(ISSUE_PARENT_REPORT, { pointId, pupilId: ben }, head)).toMatchObject({
      code: 'pupil.restricted',
      errors: [{ field: 'pupilId' }],
    });
  });

  it("P21: a pupil's access bundle holds their prior attainment and issued reports; P17: erasure removes them", async () => {
    const bundle = await assessment.call(
      subjectExportPattern('assessment'),
      { subject: { type: 'pupil', id: ann } },
      aStaff(school),
    );
    expect(bundle.records.priorAttainment).toEqual([
      expect.objectContaining({ frameworkId: framework.id, score: 104 }),
    ]);
    expect(bundle.records.parentReports).toHaveLength(2);
    await assessment.deliver(
      anEvent(PUPIL_ERASED, { pupilId: ann, erasureId: randomUUID(), requestedBy: 'school' }, system),
    );
    expect(await assessment.sql('select id from parent_report where pupil_id = $1', [ann])).toEqual([]);
    expect(await assessment.sql('select id from prior_attainment where pupil_id = $1', [ann])).toEqual([]);
  });
});
