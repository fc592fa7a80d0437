import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_PUPIL_ATTRIBUTES,
  GET_PUPIL_TRACKING,
  PupilTrackingView,
  SAVE_RESULT_GRID,
  SET_ON_TRACK_RULE,
  SET_TARGETS,
} from '@pt/contracts';
import { aSchool, aStaff, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe("a pupil's tracking across measures × points (assessment service)", () => {
  let assessment: ServiceHarness;
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const [classA, classB] = [randomUUID(), randomUUID()];
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacher = aStaff(school, { roles: ['teacher'] });
  const teacherA = aStaff(school, { roles: ['teacher'], classGroupIds: [classA] });
  const office = aStaff(school, { roles: ['office'] });
  const otherHead = aStaff(aSchool(), { roles: ['senior-leader'] });
  let framework: FrameworkView;
  let [baseline, autumn1, autumn2] = ['', '', ''];
  let reading: string; // steps: EMG below, DEV towards, SEC expected, MAS above
  let ks2Reading: string; // range 80–120, expected 100, high 110
  const [ann, ben] = [randomUUID(), randomUUID()];

  const track = (request: { pupilId: string; academicYear?: string }, as = teacher) =>
    assessment.call(GET_PUPIL_TRACKING, request, as);
  const cell = (view: PupilTrackingView, measureId: string, pointId: string) =>
    view.measures.find((m) => m.id === measureId)!.cells[view.points.findIndex((p) => p.id === pointId)];

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, [ann], { classGroupId: classA });
    records.add(school.id, [ben], { classGroupId: classB });
    framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, head);
    for (const templateKey of ['steps', 'ks2-scaled-scores']) {
      await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey }, head);
    }
    // Added out of date order: the view is in date order.
    for (const [name, date] of [
      ['Autumn 2', '2026-12-10'],
      ['Baseline', '2026-09-01'],
      ['Autumn 1', '2026-10-21'],
    ]) {
      framework = await assessment.call(ADD_ASSESSMENT_POINT, { frameworkId: framework.id, name, date }, head);
    }
    const point = (name: string) => framework.points.find((p) => p.name === name)!.id;
    const measure = (name: string) => framework.measures.find((m) => m.name === name)!.id;
    [baseline, autumn1, autumn2] = [point('Baseline'), point('Autumn 1'), point('Autumn 2')];
    [reading, ks2Reading] = [measure('Reading'), measure('KS2 Reading')];
    await assessment.call(
      SAVE_RESULT_GRID,
      { pointId: baseline, cells: [{ pupilId: ann, measureId: ks2Reading, value: '90' }] },
      teacher,
    );
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: autumn1,
        cells: [
          { pupilId: ann, measureId: ks2Reading, value: '98' },
          { pupilId: ann, measureId: reading, value: 'SEC' },
          { pupilId: ben, measureId: reading, value: 'EMG' },
        ],
      },
      teacher,
    );
    await assessment.call(
      SET_TARGETS,
      {
        measureId: ks2Reading,
        pupilId: ann,
        targets: [
          { kind: 'minimum', value: '108' },
          { kind: 'aspirational', value: '115' },
        ],
      },
      teacher,
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('every measure × every point, in date order, with each result read on its scale, before any rule', async () => {
    const view = await track({ pupilId: ann });
    expect(view.academicYear).toBe('2026/27');
    expect(view.framework).toEqual({ id: framework.id, name: 'Tracking', rule: null });
    expect(view.points.map((p) => [p.name, p.date, p.status])).toEqual([
      ['Baseline', '2026-09-01', 'open'],
      ['Autumn 1', '2026-10-21', 'open'],
      ['Autumn 2', '2026-12-10', 'open'],
    ]);
    expect(view.measures.map((m) => m.id)).toEqual(framework.measures.map((m) => m.id));
    for (const measure of view.measures)
      expect(measure.cells.map((c) => c.pointId)).toEqual(view.points.map((p) => p.id));
    expect(cell(view, ks2Reading, autumn1)).toEqual({
      pointId: autumn1,
      result: { value: '98', label: '98', points: 98, band: 'below' },
      onTrack: null,
    });
    expect(cell(view, reading, autumn1).result).toEqual({ value: 'SEC', label: 'Secure', points: 3, band: 'expected' });
    expect(cell(view, reading, baseline)).toEqual({ pointId: baseline, result: null, onTrack: null });
    expect(view.measures.find((m) => m.id === ks2Reading)!.targets).toEqual([
      { kind: 'aspirational', value: '115', points: 115 },
      { kind: 'minimum', value: '108', points: 108 },
    ]);
    expect(view.measures.find((m) => m.id === reading)!.targets).toEqual([]);
  });

  it('on-track in each cell with a result, with the rule and the figures behind it, or what is missing', async () => {
    const rule = (
      await assessment.call(
        SET_ON_TRACK_RULE,
        {
          frameworkId: framework.id,
          kind: 'straight-line',
          baselinePointId: baseline,
          targetKind: 'minimum',
          tolerance: 2,
        },
        head,
      )
    ).rule;
    const view = await track({ pupilId: ann });
    expect(view.framework?.rule).toEqual(rule);
    // 90 → 108, half way (21 Oct of 1 Sep → 10 Dec) is 99; 98 is within 2 of it.
    expect(cell(view, ks2Reading, autumn1).onTrack).toEqual({
      onTrack: true,
      rule,
      figures: {
        baselinePoints: 90,
        targetPoints: 108,
        progress: 0.5,
        expectedPoints: 99,
        actualPoints: 98,
        tolerance: 2,
      },
    });
    expect(cell(view, ks2Reading, baseline).onTrack).toMatchObject({ onTrack: true, figures: { expectedPoints: 90 } });
    expect(cell(view, ks2Reading, autumn2)).toEqual({ pointId: autumn2, result: null, onTrack: null });
    // Reading has no baseline result: no verdict, and why.
    expect(cell(view, reading, autumn1).onTrack).toEqual({ onTrack: null, rule, missing: 'baseline' });

    await assessment.call(SET_ON_TRACK_RULE, { frameworkId: framework.id, kind: 'expected-band' }, head);
    const banded = await track({ pupilId: ann });
    expect(cell(banded, reading, autumn1).onTrack).toEqual({
      onTrack: true,
      rule: { kind: 'expected-band' },
      figures: { band: 'expected' },
    });
    expect(cell(banded, ks2Reading, autumn1).onTrack).toMatchObject({ onTrack: false, figures: { band: 'below' } });
  });

  it('another year without a framework: none, and no measures or points', async () => {
    expect(await track({ pupilId: ann, academicYear: '2025/26' })).toEqual({
      pupilId: ann,
      academicYear: '2025/26',
      framework: null,
      points: [],
      measures: [],
    });
    expect((await track({ pupilId: ann, academicYear: '2026/27' })).framework?.id).toBe(framework.id);
  });

  it('refuses a malformed pupil id or year, naming the field', async () => {
    const refused = await assessment.attempt(GET_PUPIL_TRACKING, { pupilId: 'x', academicYear: '2026/28' }, teacher);
    expect(refused.code).toBe('validation_failed');
    expect(refused.errors).toEqual([
      { field: 'pupilId', message: 'must be a UUID' },
      { field: 'academicYear', message: 'must be an academic year such as 2026/27' },
    ]);
  });

  it("a teacher limited to class groups sees their pupils only; another school's pupil is not found", async () => {
    expect((await track({ pupilId: ann }, teacherA)).measures.length).toBe(framework.measures.length);
    expect((await assessment.attempt(GET_PUPIL_TRACKING, { pupilId: ben }, teacherA)).code).toBe('pupil.not_found');
    expect((await track({ pupilId: ben }, teacher)).framework?.id).toBe(framework.id);
    expect((await assessment.attempt(GET_PUPIL_TRACKING, { pupilId: ann }, otherHead)).code).toBe('pupil.not_found');
    expect((await assessment.attempt(GET_PUPIL_TRACKING, { pupilId: randomUUID() }, head)).code).toBe(
      'pupil.not_found',
    );
  });

  it('refuses staff without assessments:read', async () => {
    expect((await assessment.attempt(GET_PUPIL_TRACKING, { pupilId: ann }, office)).code).toBe('permission_denied');
  });
});
