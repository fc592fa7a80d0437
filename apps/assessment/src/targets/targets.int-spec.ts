import {
  ADD_ASSESSMENT_POINT,
  ADOPT_ASSESSMENT_TEMPLATE,
  CREATE_FRAMEWORK,
  FrameworkView,
  GET_ON_TRACK,
  GET_ON_TRACK_RULE,
  LIST_TARGETS,
  ON_TRACK_RULE_SET,
  SAVE_RESULT_GRID,
  SET_ON_TRACK_RULE,
  SET_TARGETS,
  TARGETS_SET,
  GET_PUPIL_ATTRIBUTES,
} from '@pt/contracts';
import { aSchool, aStaff, PupilRecordsStandIn } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe('targets and on-track, explainable (assessment service)', () => {
  let assessment: ServiceHarness;
  /** pupil-records, as assessment's questions about pupils find it. */
  const records = new PupilRecordsStandIn();
  const school = aSchool();
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacher = aStaff(school, { roles: ['teacher'] });
  const otherHead = aStaff(aSchool(), { roles: ['senior-leader'] });
  let framework: FrameworkView;
  let baseline: string; // 2026-09-01
  let autumn1: string; // 2026-10-21: half way from the baseline to the last point
  let reading: string; // steps: EMG 1 below, DEV 2 towards, SEC 3 expected, MAS 4 above
  let ks2Reading: string; // range 80–120, expected 100, high 110
  const [ann, ben, cat] = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
    assessment.answer(GET_PUPIL_ATTRIBUTES, records.answer);
    records.add(school.id, [ann, ben, cat]);
    framework = await assessment.call(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Tracking' }, head);
    for (const templateKey of ['steps', 'ks2-scaled-scores']) {
      await assessment.call(ADOPT_ASSESSMENT_TEMPLATE, { frameworkId: framework.id, templateKey }, head);
    }
    for (const [name, date] of [
      ['Baseline', '2026-09-01'],
      ['Autumn 1', '2026-10-21'],
      ['Autumn 2', '2026-12-10'],
    ]) {
      framework = await assessment.call(ADD_ASSESSMENT_POINT, { frameworkId: framework.id, name, date }, head);
    }
    const point = (name: string) => framework.points.find((p) => p.name === name)!.id;
    const measure = (name: string) => framework.measures.find((m) => m.name === name)!.id;
    [baseline, autumn1] = [point('Baseline'), point('Autumn 1')];
    [reading, ks2Reading] = [measure('Reading'), measure('KS2 Reading')];
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: baseline,
        cells: [
          { pupilId: ann, measureId: ks2Reading, value: '90' },
          { pupilId: ben, measureId: ks2Reading, value: '90' },
        ],
      },
      teacher,
    );
    await assessment.call(
      SAVE_RESULT_GRID,
      {
        pointId: autumn1,
        cells: [
          { pupilId: ann, measureId: ks2Reading, value: '98' },
          { pupilId: ben, measureId: ks2Reading, value: '97' },
          { pupilId: cat, measureId: ks2Reading, value: '105' },
          { pupilId: ann, measureId: reading, value: 'SEC' },
          { pupilId: ben, measureId: reading, value: 'DEV' },
        ],
      },
      teacher,
    );
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('sets several named targets per pupil and measure, replaces one by kind, and stages one event with ids only', async () => {
    const set = await assessment.call(
      SET_TARGETS,
      {
        measureId: ks2Reading,
        pupilId: ann,
        targets: [
          { kind: 'minimum', value: '110' },
          { kind: 'aspirational', value: '115' },
        ],
      },
      teacher,
    );
    expect(set.map((t) => [t.kind, t.value, t.points])).toEqual([
      ['aspirational', '115', 115],
      ['minimum', '110', 110],
    ]);
    const replaced = await assessment.call(
      SET_TARGETS,
      { measureId: ks2Reading, pupilId: ann, targets: [{ kind: 'minimum', value: '108' }] },
      teacher,
    );
    expect(replaced.map((t) => [t.kind, t.value])).toEqual([
      ['aspirational', '115'],
      ['minimum', '108'],
    ]);
    await assessment.call(
      SET_TARGETS,
      { measureId: ks2Reading, pupilId: ben, targets: [{ kind: 'minimum', value: '110' }] },
      teacher,
    );
    const listed = await assessment.call(LIST_TARGETS, { measureId: ks2Reading }, teacher);
    expect(listed).toHaveLength(3);
    expect(await assessment.call(LIST_TARGETS, { measureId: ks2Reading, pupilId: ben }, teacher)).toHaveLength(1);
    const staged = await assessment.staged(TARGETS_SET);
    expect(staged).toHaveLength(3);
    expect(Object.keys(staged[1].data).sort()).toEqual(['measureId', 'pupilId', 'targetIds']);
    expect(staged[1].data.targetIds).toEqual([replaced.find((t) => t.kind === 'minimum')!.id]);
  });

  it('checks a target value against the measure’s scale as a result is, naming the target', async () => {
    const refused = await assessment.attempt(
      SET_TARGETS,
      {
        measureId: ks2Reading,
        pupilId: cat,
        targets: [
          { kind: 'minimum', value: '104' },
          { kind: 'aspirational', value: '121' },
          { kind: 'x'.repeat(41), value: '100' },
          { kind: 'minimum', value: '100' },
        ],
      },
      teacher,
    );
    expect(refused.code).toBe('validation_failed');
    expect(refused.errors).toEqual([
      { field: 'targets[1].value', message: 'must be between 80 and 120' },
      { field: 'targets[2].kind', message: 'must be at most 40 characters' },
      { field: 'targets[3].kind', message: 'repeats the kind of targets[0]' },
    ]);
    const grade = await assessment.attempt(
      SET_TARGETS,
      { measureId: reading, pupilId: cat, targets: [{ kind: 'minimum', value: '104' }] },
      teacher,
    );
    expect(grade.errors).toEqual([
      { field: 'targets[0].value', message: 'must be a grade code of the measure’s scale' },
    ]);
    expect(await assessment.call(LIST_TARGETS, { measureId: ks2Reading, pupilId: cat }, teacher)).toEqual([]);
  });

  it('has no on-track until the framework has a rule', async () => {
    expect((await assessment.attempt(GET_ON_TRACK_RULE, { frameworkId: framework.id }, teacher)).code).toBe(
      'on_track_rule.not_set',
    );
    expect((await assessment.attempt(GET_ON_TRACK, { pointId: autumn1, measureId: ks2Reading }, teacher)).code).toBe(
      'on_track_rule.not_set',
    );
  });

  it('refuses a straight-line rule without a baseline point of the framework, a target kind or a tolerance', async () => {
    const refused = await assessment.attempt(
      SET_ON_TRACK_RULE,
      { frameworkId: framework.id, kind: 'straight-line', baselinePointId: randomUUID(), tolerance: -1 },
      head,
    );
    expect(refused.errors).toEqual([
      { field: 'baselinePointId', message: 'must be a point of the framework' },
      { field: 'targetKind', message: 'must not be empty' },
      { field: 'tolerance', message: 'must be a number from 0 to 1000' },
    ]);
  });

  it('straight-line: each pupil with a result is on track or not, with the figures that decided it', async () => {
    const rule = await assessment.call(
      SET_ON_TRACK_RULE,
      {
        frameworkId: framework.id,
        kind: 'straight-line',
        baselinePointId: baseline,
        targetKind: 'minimum',
        tolerance: 2,
      },
      head,
    );
    expect(rule.rule).toEqual({
      kind: 'straight-line',
      baselinePointId: baseline,
      targetKind: 'minimum',
      tolerance: 2,
    });
    expect(await assessment.call(GET_ON_TRACK_RULE, { frameworkId: framework.id }, teacher)).toEqual(rule);
    expect(await assessment.staged(ON_TRACK_RULE_SET)).toHaveLength(1);

    const view = await assessment.call(GET_ON_TRACK, { pointId: autumn1, measureId: ks2Reading }, teacher);
    expect(view.rule).toEqual(rule.rule);
    const byPupil = new Map(view.pupils.map((p) => [p.pupilId, p]));
    // Ann: 90 → 108 half way is 99; 98 is within 2 of it.
    expect(byPupil.get(ann)).toMatchObject({
      value: '98',
      onTrack: true,
      figures: {
        baselinePoints: 90,
        targetPoints: 108,
        progress: 0.5,
        expectedPoints: 99,
        actualPoints: 98,
        tolerance: 2,
      },
    });
    // Ben: 90 → 110 half way is 100; 97 is more than 2 below it.
    expect(byPupil.get(ben)).toMatchObject({ onTrack: false, figures: { expectedPoints: 100, actualPoints: 97 } });
    // Cat has no baseline result and no target: no verdict, and why.
    expect(byPupil.get(cat)).toMatchObject({ onTrack: null, missing: 'baseline' });
  });

  it('expected-band: the band of the result at the point decides, and changing the rule changes the view at once', async () => {
    await assessment.call(SET_ON_TRACK_RULE, { frameworkId: framework.id, kind: 'expected-band' }, head);
    const steps = await assessment.call(GET_ON_TRACK, { pointId: autumn1, measureId: reading }, teacher);
    expect(
      steps.pupils.map((p) => [p.pupilId === ann ? 'ann' : 'ben', p.onTrack, 'figures' in p && p.figures]).sort(),
    ).toEqual([
      ['ann', true, { band: 'expected' }],
      ['ben', false, { band: 'towards' }],
    ]);
    const ks2 = await assessment.call(GET_ON_TRACK, { pointId: autumn1, measureId: ks2Reading }, teacher);
    expect(ks2.pupils.find((p) => p.pupilId === cat)).toMatchObject({ onTrack: true, figures: { band: 'expected' } });
  });

  it('another school sees none of it: its point, measure and framework are not found', async () => {
    expect((await assessment.attempt(GET_ON_TRACK, { pointId: autumn1, measureId: reading }, otherHead)).code).toBe(
      'assessment_point.not_found',
    );
    expect((await assessment.attempt(LIST_TARGETS, { measureId: reading }, otherHead)).code).toBe('measure.not_found');
    expect(
      (
        await assessment.attempt(
          SET_TARGETS,
          { measureId: reading, pupilId: ann, targets: [{ kind: 'minimum', value: 'SEC' }] },
          otherHead,
        )
      ).code,
    ).toBe('measure.not_found');
    expect(
      (await assessment.attempt(SET_ON_TRACK_RULE, { frameworkId: framework.id, kind: 'expected-band' }, otherHead))
        .code,
    ).toBe('framework.not_found');
  });

  it('refuses a teacher choosing the rule (assessments:manage)', async () => {
    expect(
      (await assessment.attempt(SET_ON_TRACK_RULE, { frameworkId: framework.id, kind: 'expected-band' }, teacher)).code,
    ).toBe('permission_denied');
  });
});
