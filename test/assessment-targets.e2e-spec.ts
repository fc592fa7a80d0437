import { FrameworkView, OnTrackRuleView, OnTrackView, TargetView } from '@pt/contracts';
import { Staff, World } from '@pt/testing';

// The target and on-track rules are specified on the assessment service alone, in
// apps/assessment/src/targets/targets.int-spec.ts and on-track.spec.ts; here, through the
// gateway: the routes, their permissions and an on-track explanation end to end.
describe('assessment targets and on-track through the gateway', () => {
  let world: World;
  let head: Staff;
  let teacher: Staff;
  let readOnly: Staff;
  let otherHead: Staff;
  let frameworkId: string;
  let baseline: string;
  let autumn1: string;
  let ks2Reading: string;
  let [ann, ben] = ['', ''];

  beforeAll(async () => {
    world = await World.start({
      label: 'assesstgt',
      processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
    });
    const school = await world.school({ signed: true });
    const admin = await world.staff(school, ['school-admin']);
    [ann, ben] = [(await world.pupil(admin)).id, (await world.pupil(admin)).id];
    head = await world.staff(school, ['senior-leader']);
    teacher = await world.staff(school, ['teacher']);
    readOnly = await world.staff(school, ['read-only']);
    otherHead = await world.staff(await world.school(), ['school-admin']);
    const created = await world.call(head, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking 2026/27',
    });
    frameworkId = (created.body as FrameworkView).id;
    await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, {
      templateKey: 'ks2-scaled-scores',
    });
    let framework = created.body as FrameworkView;
    for (const [name, date] of [
      ['Baseline', '2026-09-01'],
      ['Autumn 1', '2026-10-21'],
      ['Autumn 2', '2026-12-10'],
    ]) {
      framework = (
        await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, { name, date })
      ).body as FrameworkView;
    }
    baseline = framework.points.find((p) => p.name === 'Baseline')!.id;
    autumn1 = framework.points.find((p) => p.name === 'Autumn 1')!.id;
    ks2Reading = framework.measures.find((m) => m.name === 'KS2 Reading')!.id;
    const cells = (values: [string, string][]) =>
      values.map(([pupilId, value]) => ({ pupilId, measureId: ks2Reading, value }));
    await world.call(teacher, 'PUT', `/api/v1/assessment/points/${baseline}/results`, {
      cells: cells([
        [ann, '90'],
        [ben, '90'],
      ]),
    });
    await world.call(teacher, 'PUT', `/api/v1/assessment/points/${autumn1}/results`, {
      cells: cells([
        [ann, '98'],
        [ben, '97'],
      ]),
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('a teacher sets targets, a senior leader picks a straight-line rule, and on-track explains itself', async () => {
    const set = await world.call(teacher, 'PUT', `/api/v1/assessment/measures/${ks2Reading}/pupils/${ann}/targets`, {
      targets: [
        { kind: 'minimum', value: '108' },
        { kind: 'aspirational', value: '115' },
      ],
    });
    expect(set.status).toBe(200);
    expect((set.body as TargetView[]).map((t) => [t.kind, t.points])).toEqual([
      ['aspirational', 115],
      ['minimum', 108],
    ]);
    await world.call(teacher, 'PUT', `/api/v1/assessment/measures/${ks2Reading}/pupils/${ben}/targets`, {
      targets: [{ kind: 'minimum', value: '110' }],
    });
    const listed = await world.call(readOnly, 'GET', `/api/v1/assessment/measures/${ks2Reading}/targets`);
    expect(listed.body).toHaveLength(3);

    const rule = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/on-track-rule`, {
      kind: 'straight-line',
      baselinePointId: baseline,
      targetKind: 'minimum',
      tolerance: 2,
    });
    expect(rule.status).toBe(200);
    expect((rule.body as OnTrackRuleView).rule).toEqual({
      kind: 'straight-line',
      baselinePointId: baseline,
      targetKind: 'minimum',
      tolerance: 2,
    });

    const view = await world.call(
      readOnly,
      'GET',
      `/api/v1/assessment/points/${autumn1}/on-track?measureId=${ks2Reading}`,
    );
    expect(view.status).toBe(200);
    const pupils = new Map((view.body as OnTrackView).pupils.map((p) => [p.pupilId, p]));
    expect(pupils.get(ann)).toEqual({
      pupilId: ann,
      value: '98',
      onTrack: true,
      rule: (rule.body as OnTrackRuleView).rule,
      figures: {
        baselinePoints: 90,
        targetPoints: 108,
        progress: 0.5,
        expectedPoints: 99,
        actualPoints: 98,
        tolerance: 2,
      },
    });
    expect(pupils.get(ben)).toMatchObject({ onTrack: false, figures: { expectedPoints: 100, actualPoints: 97 } });
  });

  it('refuses a target value off the measure’s scale with problem+json naming the field', async () => {
    const reply = await world.call(teacher, 'PUT', `/api/v1/assessment/measures/${ks2Reading}/pupils/${ann}/targets`, {
      targets: [{ kind: 'minimum', value: '121' }],
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.errors).toEqual([{ field: 'targets[0].value', message: 'must be between 80 and 120' }]);
  });

  it("another school's measure, framework and point are not found: 404", async () => {
    const set = await world.call(otherHead, 'PUT', `/api/v1/assessment/measures/${ks2Reading}/pupils/${ann}/targets`, {
      targets: [{ kind: 'minimum', value: '100' }],
    });
    expect(set.status).toBe(404);
    expect(set.body.code).toBe('measure.not_found');
    const rule = await world.call(otherHead, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/on-track-rule`, {
      kind: 'expected-band',
    });
    expect(rule.status).toBe(404);
    const view = await world.call(
      otherHead,
      'GET',
      `/api/v1/assessment/points/${autumn1}/on-track?measureId=${ks2Reading}`,
    );
    expect(view.status).toBe(404);
    expect(view.body.code).toBe('assessment_point.not_found');
  });

  it('403 without the permission: read-only staff set no targets, teachers choose no rule', async () => {
    const set = await world.call(readOnly, 'PUT', `/api/v1/assessment/measures/${ks2Reading}/pupils/${ann}/targets`, {
      targets: [{ kind: 'minimum', value: '100' }],
    });
    expect(set.status).toBe(403);
    const rule = await world.call(teacher, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/on-track-rule`, {
      kind: 'expected-band',
    });
    expect(rule.status).toBe(403);
  });
});
