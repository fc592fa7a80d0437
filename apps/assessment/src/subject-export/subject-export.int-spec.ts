import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CLOSE_ASSESSMENT_POINT,
  CREATE_FRAMEWORK,
  FrameworkView,
  RECORD_RESULT,
  SET_TARGETS,
  subjectExportPattern,
  GET_PUPIL_ATTRIBUTES,
} from '@pt/contracts';
import { aSchool, aStaff, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe('subject export (assessment service)', () => {
  let assessment: ServiceHarness;
  /** pupil-records, as assessment's questions about pupils find it. */
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const otherSchool = aSchool();
  const headId = randomUUID();
  const teacherId = randomUUID();
  const head = aStaff(school, { id: headId, roles: ['senior-leader'] });
  const teacher = aStaff(school, { id: teacherId, roles: ['teacher'] });
  const rightsManager = aStaff(school);
  const otherHead = aStaff(otherSchool, { roles: ['senior-leader'] });
  const otherRightsManager = aStaff(otherSchool);
  const [ann, ben, elsewhere] = [randomUUID(), randomUUID(), randomUUID()];
  const EXPORT = subjectExportPattern('assessment');
  let autumn1: string;
  let baseline: string;
  let reading: string;

  async function frameworkOf(caller: typeof head): Promise<FrameworkView> {
    let framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, caller);
    await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey: 'steps' }, caller);
    for (const [name, date] of [
      ['Baseline', '2026-09-01'],
      ['Autumn 1', '2026-10-21'],
    ]) {
      framework = await assessment.call(ADD_ASSESSMENT_POINT, { frameworkId: framework.id, name, date }, caller);
    }
    return framework;
  }

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, [ann, ben]);
    records.add(otherSchool.id, [elsewhere]);
    const framework = await frameworkOf(head);
    baseline = framework.points.find((p) => p.name === 'Baseline')!.id;
    autumn1 = framework.points.find((p) => p.name === 'Autumn 1')!.id;
    reading = framework.measures.find((m) => m.name === 'Reading')!.id;
    await assessment.call(
      RECORD_RESULT,
      { pointId: baseline, pupilId: ann, measureId: reading, value: 'DEV' },
      teacher,
    );
    await assessment.call(CLOSE_ASSESSMENT_POINT, { pointId: baseline }, head);
    await assessment.call(RECORD_RESULT, { pointId: autumn1, pupilId: ann, measureId: reading, value: 'DEV' }, teacher);
    await assessment.call(
      RECORD_RESULT,
      { pointId: autumn1, pupilId: ann, measureId: reading, value: 'SEC', comment: 'Reads fluently' },
      teacher,
    );
    await assessment.call(RECORD_RESULT, { pointId: autumn1, pupilId: ben, measureId: reading, value: 'EMG' }, teacher);
    await assessment.call(
      SET_TARGETS,
      { measureId: reading, pupilId: ann, targets: [{ kind: 'minimum', value: 'SEC' }] },
      teacher,
    );

    // Another school: its own framework, a result and a target for its own pupil.
    const other = await frameworkOf(otherHead);
    const otherPoint = other.points.find((p) => p.name === 'Autumn 1')!.id;
    const otherReading = other.measures.find((m) => m.name === 'Reading')!.id;
    await assessment.call(
      RECORD_RESULT,
      { pointId: otherPoint, pupilId: elsewhere, measureId: otherReading, value: 'MAS' },
      otherHead,
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it("P22: a pupil's section holds their current results, every change of them and their targets, and nothing of another pupil", async () => {
    const section = await assessment.call(EXPORT, { subject: { type: 'pupil', id: ann } }, rightsManager);
    expect(section.service).toBe('assessment');
    expect(section.found).toBe(true);
    expect(section.files).toEqual([]);
    const results = section.records.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.pointId, r.measureId, r.value, r.comment]).sort()).toEqual(
      [
        [baseline, reading, 'DEV', null],
        [autumn1, reading, 'SEC', 'Reads fluently'],
      ].sort(),
    );
    for (const r of results) expect(typeof r.recordedAt).toBe('string');
    const history = section.records.resultHistory as Array<Record<string, unknown>>;
    expect(history.filter((h) => h.pointId === autumn1).map((h) => [h.oldValue, h.newValue, h.newComment])).toEqual([
      [null, 'DEV', null],
      ['DEV', 'SEC', 'Reads fluently'],
    ]);
    expect(history).toHaveLength(3);
    expect(section.records.targets).toEqual([
      { id: expect.any(String), measureId: reading, kind: 'minimum', value: 'SEC', setAt: expect.any(String) },
    ]);
    expect(JSON.stringify(section)).not.toContain(ben);
    expect(JSON.stringify(section)).not.toContain('EMG');
  });

  it('P22: a staff member’s section holds what they recorded, set, created and closed, as ids and timestamps without pupils’ data', async () => {
    const ofTeacher = await assessment.call(EXPORT, { subject: { type: 'staff', id: teacherId } }, rightsManager);
    expect(ofTeacher.found).toBe(true);
    expect(ofTeacher.records.resultsRecorded).toHaveLength(3);
    expect(ofTeacher.records.resultChanges).toHaveLength(4);
    expect(ofTeacher.records.targetsSet).toEqual([
      { id: expect.any(String), measureId: reading, kind: 'minimum', setAt: expect.any(String) },
    ]);
    expect(ofTeacher.records.frameworksCreated).toBeUndefined();
    const text = JSON.stringify(ofTeacher);
    for (const personal of [ann, ben, 'SEC', 'DEV', 'EMG', 'Reads fluently']) expect(text).not.toContain(personal);

    const ofHead = await assessment.call(EXPORT, { subject: { type: 'staff', id: headId } }, rightsManager);
    expect(ofHead.found).toBe(true);
    expect(ofHead.records.frameworksCreated).toEqual([
      expect.objectContaining({ academicYear: '2026/27', createdAt: expect.any(String) }),
    ]);
    expect(ofHead.records.pointsClosed).toEqual([
      expect.objectContaining({ id: baseline, name: 'Baseline', closedAt: expect.any(String) }),
    ]);
    expect(ofHead.records.resultsRecorded).toBeUndefined();
  });

  it("P22: another school's pupil, a parent and an unknown subject get found:false", async () => {
    const empty = { service: 'assessment', found: false, records: {}, files: [] };
    expect(await assessment.call(EXPORT, { subject: { type: 'pupil', id: elsewhere } }, rightsManager)).toEqual(empty);
    expect(await assessment.call(EXPORT, { subject: { type: 'pupil', id: ann } }, otherRightsManager)).toEqual(empty);
    expect(await assessment.call(EXPORT, { subject: { type: 'staff', id: teacherId } }, otherRightsManager)).toEqual(
      empty,
    );
    expect(await assessment.call(EXPORT, { subject: { type: 'pupil', id: randomUUID() } }, rightsManager)).toEqual(
      empty,
    );
    expect(await assessment.call(EXPORT, { subject: { type: 'parent', id: randomUUID() } }, rightsManager)).toEqual(
      empty,
    );
  });

  it('refuses staff without rights:manage', async () => {
    expect((await assessment.attempt(EXPORT, { subject: { type: 'pupil', id: ann } }, teacher)).kind).toBe('forbidden');
  });
});
