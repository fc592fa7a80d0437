import {
  ClassReportsView,
  FrameworkView,
  OnTrackRuleView,
  OnTrackView,
  PupilTrackingView,
  PARENT_REPORT_ISSUED,
  ParentReportView,
  QuestionFacilityReport,
  QuestionTestView,
  SecondaryMeasuresView,
  TargetView,
} from '@pt/contracts';
import { pdfText } from '@pt/platform/pdf/simple-pdf';
import { Staff, World } from '@pt/testing';
import { createHash } from 'node:crypto';

// One stack for assessment's targets, secondary measures, question-level analysis and parent
// reports through the gateway; each part makes its own school.
let world: World;

beforeAll(async () => {
  world = await World.start({
    label: 'assessrep',
    processes: ['gateway', 'identity', 'pupil-records', 'assessment'],
  });
});

afterAll(async () => {
  await world?.stop();
});

// The target and on-track rules are specified on the assessment service alone, in
// apps/assessment/src/targets/targets.int-spec.ts and on-track.spec.ts; here, through the
// gateway: the routes, their permissions and an on-track explanation end to end.
describe('assessment targets and on-track through the gateway', () => {
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

// The tracking view is specified on the assessment service in
// apps/assessment/src/targets/tracking.int-spec.ts; here its route, permission and refusals.
describe("a pupil's tracking through the gateway", () => {
  let admin: Staff;
  let teacherA: Staff;
  let office: Staff;
  let otherHead: Staff;
  let frameworkId: string;
  let [inA, inB] = ['', ''];

  beforeAll(async () => {
    const school = await world.school({ signed: true });
    admin = await world.staff(school, ['school-admin']);
    const [classA, classB] = [await world.classGroup(admin, '6A'), await world.classGroup(admin, '6B')];
    inA = (await world.pupil(admin, { classGroupId: classA })).id;
    inB = (await world.pupil(admin, { classGroupId: classB })).id;
    teacherA = await world.staff(school, ['teacher'], { classGroupIds: [classA] });
    office = await world.staff(school, ['office']);
    otherHead = await world.staff(await world.school(), ['school-admin']);
    const created = await world.call(admin, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking 2026/27',
    });
    frameworkId = (created.body as FrameworkView).id;
    await world.call(admin, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, {
      templateKey: 'steps',
    });
    const framework = (
      await world.call(admin, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
        name: 'Autumn 1',
        date: '2026-10-21',
      })
    ).body as FrameworkView;
    await world.call(admin, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/on-track-rule`, {
      kind: 'expected-band',
    });
    await world.call(teacherA, 'PUT', `/api/v1/assessment/points/${framework.points[0].id}/results`, {
      cells: [{ pupilId: inA, measureId: framework.measures[0].id, value: 'DEV' }],
    });
  });

  it('a limited teacher reads their pupil’s measures × points with on-track explained', async () => {
    const reply = await world.call(teacherA, 'GET', `/api/v1/assessment/pupils/${inA}/tracking?academicYear=2026/27`);
    expect(reply.status).toBe(200);
    const view = reply.body as PupilTrackingView;
    expect(view.framework).toEqual({ id: frameworkId, name: 'Tracking 2026/27', rule: { kind: 'expected-band' } });
    expect(view.measures[0].cells).toEqual([
      {
        pointId: view.points[0].id,
        result: { value: 'DEV', label: 'Developing', points: 2, band: 'towards' },
        onTrack: { onTrack: false, rule: { kind: 'expected-band' }, figures: { band: 'towards' } },
      },
    ]);
  });

  it("a pupil outside the teacher's class groups and another school's pupil are not found: 404", async () => {
    const outside = await world.call(teacherA, 'GET', `/api/v1/assessment/pupils/${inB}/tracking`);
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toContain('application/problem+json');
    expect(outside.body.code).toBe('pupil.not_found');
    expect((await world.call(admin, 'GET', `/api/v1/assessment/pupils/${inB}/tracking`)).status).toBe(200);
    const other = await world.call(otherHead, 'GET', `/api/v1/assessment/pupils/${inA}/tracking`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('pupil.not_found');
  });

  it('refuses a malformed year naming the field, and staff without assessments:read (403)', async () => {
    const year = await world.call(admin, 'GET', `/api/v1/assessment/pupils/${inA}/tracking?academicYear=2026-27`);
    expect(year.status).toBe(400);
    expect(year.body.errors).toEqual([{ field: 'academicYear', message: 'must be an academic year such as 2026/27' }]);
    expect((await world.call(office, 'GET', `/api/v1/assessment/pupils/${inA}/tracking`)).status).toBe(403);
  });
});

// The slot rule is specified on its own in apps/assessment/src/secondary-measures/attainment8.spec.ts;
// here, through the gateway, the same worked example end to end. Question-level analysis is
// specified in apps/assessment/src/question-analysis/question-analysis.int-spec.ts (groups as at
// the date, restricted, erased and limited teachers); here its routes end to end.
describe('assessment secondary measures, question-level analysis and parent reports through the gateway', () => {
  let head: Staff;
  let readOnly: Staff;
  let otherHead: Staff;
  let frameworkId: string;
  let summer: string;
  let measure: Map<string, string>;
  let [ann, ben] = ['', ''];
  let admin: Staff;

  beforeAll(async () => {
    const school = await world.school({ signed: true, name: 'Hilltop Academy' });
    admin = await world.staff(school, ['school-admin']);
    [ann, ben] = [(await world.pupil(admin)).id, (await world.pupil(admin)).id];
    head = await world.staff(school, ['senior-leader']);
    readOnly = await world.staff(school, ['read-only']);
    otherHead = await world.staff(await world.school(), ['school-admin']);
    frameworkId = (
      (await world.call(head, 'POST', '/api/v1/assessment/frameworks', { academicYear: '2026/27', name: 'Year 11' }))
        .body as FrameworkView
    ).id;
    let framework = (
      await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/templates`, {
        templateKey: 'gcse-9-1',
      })
    ).body as FrameworkView;
    const gcse = framework.gradeScales.find((s) => s.templateKey === 'gcse-9-1')!.id;
    for (const name of ['Physics', 'Chemistry', 'History', 'French', 'Art', 'Music']) {
      framework = (
        await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/measures`, {
          name,
          gradeScaleId: gcse,
        })
      ).body as FrameworkView;
    }
    framework = (
      await world.call(head, 'POST', `/api/v1/assessment/frameworks/${frameworkId}/points`, {
        name: 'Summer exams',
        date: '2027-06-20',
      })
    ).body as FrameworkView;
    summer = framework.points[0].id;
    measure = new Map(framework.measures.map((m) => [m.name, m.id]));
  });

  it('computes A8 slot by slot and P8 against the KS2 estimates on the worked example', async () => {
    const roles: Array<[string, string]> = [
      ['English Language', 'english-language'],
      ['English Literature', 'english-literature'],
      ['Mathematics', 'maths'],
      ['Physics', 'ebacc'],
      ['Chemistry', 'ebacc'],
      ['History', 'ebacc'],
      ['French', 'ebacc'],
      ['Art', 'open'],
      ['Music', 'open'],
    ];
    const set = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/ks4-measures`, {
      measures: roles.map(([name, role]) => ({ measureId: measure.get(name), role })),
    });
    expect(set.status).toBe(200);
    const baseline = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/progress8-baseline`, {
      kind: 'ks2',
      label: 'KS2 2021/22',
      estimates: [
        { from: 105, to: 106, estimatedAttainment8: 52.3 },
        { from: 104, to: 105, estimatedAttainment8: 49.8 },
      ],
    });
    expect(baseline.status).toBe(200);
    expect(
      (
        await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/prior-attainment`, {
          pupils: [{ pupilId: ann, score: 105.5 }],
        })
      ).status,
    ).toBe(200);
    const grades: Array<[string, string, string]> = [
      [ann, 'English Language', '6'],
      [ann, 'English Literature', '5'],
      [ann, 'Mathematics', '7'],
      [ann, 'Physics', '6'],
      [ann, 'Chemistry', '5'],
      [ann, 'History', '8'],
      [ann, 'French', '4'],
      [ann, 'Art', '7'],
      [ann, 'Music', '3'],
      [ben, 'English Language', '4'],
      [ben, 'Mathematics', '3'],
      [ben, 'History', '5'],
    ];
    const grid = await world.call(head, 'PUT', `/api/v1/assessment/points/${summer}/results`, {
      cells: grades.map(([pupilId, name, value]) => ({ pupilId, measureId: measure.get(name), value })),
    });
    expect(grid.status).toBe(200);

    const reply = await world.call(readOnly, 'GET', `/api/v1/assessment/points/${summer}/secondary-measures`);
    expect(reply.status).toBe(200);
    const view = reply.body as SecondaryMeasuresView;
    expect(view.baseline).toEqual({ kind: 'ks2', label: 'KS2 2021/22', estimatesFrom: 'school' });
    const annView = view.pupils.find((p) => p.pupilId === ann)!;
    expect(annView.slots.map((s) => [s.slot, s.measureName, s.slotPoints])).toEqual([
      ['english', 'English Language', 12],
      ['maths', 'Mathematics', 14],
      ['ebacc-1', 'History', 8],
      ['ebacc-2', 'Physics', 6],
      ['ebacc-3', 'Chemistry', 5],
      ['open-1', 'Art', 7],
      ['open-2', 'English Literature', 5],
      ['open-3', 'French', 4],
    ]);
    expect(annView).toMatchObject({ attainment8: 61, estimatedAttainment8: 52.3, progress8: 0.87 });
    expect(annView.unused.map((u) => u.measureName)).toEqual(['Music']);
    // Ben: English language alone counts once (4), maths 3 × 2, history 5 = 15; no KS2 data, so no P8.
    expect(view.pupils.find((p) => p.pupilId === ben)).toMatchObject({
      attainment8: 15,
      progress8: null,
      noProgress8: 'no-prior-attainment',
      englishMaths4Plus: false,
    });
    expect(view.cohort).toEqual({
      pupils: 2,
      attainment8: 38,
      progress8Pupils: 1,
      progress8: 0.87,
      englishMaths4Plus: { pupils: 1, percent: 50 },
      englishMaths5Plus: { pupils: 1, percent: 50 },
    });
  });

  it('a KS2 baseline without estimates of its own uses the national ones the platform loaded for the year', async () => {
    const national = { academicYear: '2026/27', estimates: [{ from: 105, to: 106, estimatedAttainment8: 51.3 }] };
    const path = '/api/v1/platform/assessment/progress8-estimates';
    expect((await world.call(head, 'PUT', path, national)).status).toBe(403);
    expect((await world.call(world.platformAdmin, 'PUT', path, national)).status).toBe(200);
    const read = await world.call(readOnly, 'GET', '/api/v1/assessment/progress8-estimates?academicYear=2026%2F27');
    expect(read.body).toMatchObject({ academicYear: '2026/27', estimates: national.estimates });
    const baseline = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/progress8-baseline`, {
      kind: 'ks2',
      label: 'KS2 2021/22',
    });
    expect(baseline.body).toMatchObject({ estimatesFrom: 'national', estimates: [] });
    const view = (await world.call(head, 'GET', `/api/v1/assessment/points/${summer}/secondary-measures`))
      .body as SecondaryMeasuresView;
    expect(view.baseline).toEqual({ kind: 'ks2', label: 'KS2 2021/22', estimatesFrom: 'national' });
    // (61 − 51.3) / 10
    expect(view.pupils.find((p) => p.pupilId === ann)).toMatchObject({ estimatedAttainment8: 51.3, progress8: 0.97 });
  });

  it('an alternative baseline replaces the estimates for a cohort with no national one', async () => {
    await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/progress8-baseline`, {
      kind: 'alternative',
      label: 'CAT4 mean SAS',
      estimates: [{ from: 100, to: 110, estimatedAttainment8: 55 }],
    });
    const view = (await world.call(head, 'GET', `/api/v1/assessment/points/${summer}/secondary-measures`))
      .body as SecondaryMeasuresView;
    expect(view.baseline).toEqual({ kind: 'alternative', label: 'CAT4 mean SAS', estimatesFrom: 'school' });
    expect(view.pupils.find((p) => p.pupilId === ann)).toMatchObject({ estimatedAttainment8: 55, progress8: 0.6 });
  });

  it('refuses bad entries naming each one, writing nothing, and answers 404 to another school', async () => {
    const bad = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/progress8-baseline`, {
      kind: 'ks2',
      label: 'KS2',
      estimates: [
        { from: 100, to: 110, estimatedAttainment8: 50 },
        { from: 105, to: 104, estimatedAttainment8: 50 },
        { from: 108, to: 112, estimatedAttainment8: 95 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'estimates[1].to',
      'estimates[2].estimatedAttainment8',
    ]);
    const roles = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/ks4-measures`, {
      measures: [{ measureId: measure.get('Art'), role: 'science' }],
    });
    expect(roles.status).toBe(400);
    expect(roles.body.errors).toEqual([{ field: 'measures[0].role', message: expect.stringContaining('one of') }]);
    const prior = await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/prior-attainment`, {
      pupils: [
        { pupilId: ben, score: 101 },
        { pupilId: ann, score: 'high' },
      ],
    });
    expect(prior.status).toBe(400);
    expect(prior.body.errors.map((e: { field: string }) => e.field)).toEqual(['pupils[1].score']);
    expect(await world.sql('assessment', 'select count(*)::int as n from prior_attainment')).toEqual([{ n: 1 }]);
    expect((await world.call(otherHead, 'GET', `/api/v1/assessment/points/${summer}/secondary-measures`)).status).toBe(
      404,
    );
    expect(
      (
        await world.call(otherHead, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/ks4-measures`, {
          measures: [],
        })
      ).status,
    ).toBe(404);
  });

  it('question-level analysis: a test with questions, a grid of marks with per-cell errors, facility by question and strand, suppressed under 5', async () => {
    const created = await world.call(head, 'POST', '/api/v1/assessment/question-tests', {
      name: 'Mock paper 1',
      date: '2026-11-10',
      questions: [
        { label: '1', maxMarks: 4, strand: 'Algebra' },
        { label: '2', maxMarks: 2, strand: 'Number' },
      ],
    });
    expect(created.status).toBe(201);
    const test = created.body as QuestionTestView;
    const [q1, q2] = test.questions.map((q) => q.id);
    const path = `/api/v1/assessment/question-tests/${test.id}/marks`;
    const bad = await world.call(head, 'PUT', path, {
      cells: [
        { pupilId: ann, questionId: q1, mark: 5 },
        { pupilId: ann, questionId: q2, mark: 1 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors).toEqual([{ field: 'cells[0].mark', message: 'must be a whole number from 0 to 4' }]);
    const saved = await world.call(head, 'PUT', path, {
      cells: [
        { pupilId: ann, questionId: q1, mark: 4 },
        { pupilId: ann, questionId: q2, mark: 1 },
        { pupilId: ben, questionId: q1, mark: 1 },
        { pupilId: ben, questionId: q2, mark: 0 },
      ],
    });
    expect(saved.body).toEqual({ testId: test.id, saved: 4 });
    const reply = await world.call(readOnly, 'GET', `/api/v1/assessment/question-tests/${test.id}/facility`);
    expect(reply.status).toBe(200);
    // Two pupils are a cohort under 5: every group shows [c] for each count and facility (the
    // figures themselves are proven in question-analysis.int-spec.ts, over groups of 5 and more).
    const all = (reply.body as QuestionFacilityReport).groups.find((g) => g.dimension === 'all')!;
    expect(all).toEqual({
      dimension: 'all',
      value: 'all',
      pupils: '[c]',
      questions: [q1, q2].map((questionId) => ({
        questionId,
        pupils: '[c]',
        marks: '[c]',
        maxMarks: '[c]',
        facility: '[c]',
      })),
      strands: ['Algebra', 'Number'].map((strand) => ({
        strand,
        pupils: '[c]',
        marks: '[c]',
        maxMarks: '[c]',
        facility: '[c]',
      })),
    });
    expect((await world.call(otherHead, 'GET', `/api/v1/assessment/question-tests/${test.id}/facility`)).status).toBe(
      404,
    );
  });

  it('parent reports: a class batch and a single report, archived as issued, read back from the PDF', async () => {
    const classId = await world.classGroup(admin, '11C');
    const cara = (
      await world.pupil(admin, {
        legalForename: 'Cara',
        legalSurname: 'Jones',
        yearGroup: '11',
        classGroupId: classId,
        attendance: { possibleSessions: 100, attendedSessions: 95 },
      })
    ).id;
    const dev = (await world.pupil(admin, { legalForename: 'Dev', legalSurname: 'Shah', classGroupId: classId })).id;
    const kept = (await world.pupil(admin, { classGroupId: classId })).id;
    await world.restrict(admin, kept);
    const maths = measure.get('Mathematics')!;
    await world.call(head, 'PUT', `/api/v1/assessment/points/${summer}/results`, {
      cells: [
        { pupilId: cara, measureId: maths, value: '6' },
        { pupilId: dev, measureId: maths, value: '3' },
      ],
    });
    await world.call(head, 'PUT', `/api/v1/assessment/measures/${maths}/pupils/${cara}/targets`, {
      targets: [{ kind: 'minimum', value: '7' }],
    });
    await world.call(head, 'PUT', `/api/v1/assessment/frameworks/${frameworkId}/on-track-rule`, {
      kind: 'expected-band',
    });

    const batch = await world.call(head, 'POST', `/api/v1/assessment/points/${summer}/parent-reports/class`, {
      classGroupId: classId,
      teacherComments: [{ pupilId: cara, comment: 'Cara works hard and asks good questions.' }],
    });
    expect(batch.status).toBe(201);
    const issued = batch.body as ClassReportsView;
    expect(issued.reports.map((r) => r.pupilId).sort()).toEqual([cara, dev].sort());
    expect(issued.skipped).toEqual([{ pupilId: kept, reason: 'restricted' }]);

    const caraReport = issued.reports.find((r) => r.pupilId === cara)!;
    const first = await world.call(readOnly, 'GET', `/api/v1/assessment/parent-reports/${caraReport.id}/pdf`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="parent-report-${caraReport.id}.pdf"`);
    const text = pdfText(first.bytes).join('\n');
    for (const part of [
      'Hilltop Academy',
      'Report to parents and carers: Summer exams 2026/27',
      'Pupil: Cara Jones, Year 11',
      'Mathematics: 6',
      'Grade 6, above the expected standard',
      'Targets: minimum 7',
      'On track: at or above the expected standard',
      '95% this year: 95 of 100 possible sessions',
      'Cara works hard and asks good questions.',
      'Glossary',
    ]) {
      expect(text).toContain(part);
    }
    const devText = pdfText(
      (
        await world.call(
          head,
          'GET',
          `/api/v1/assessment/parent-reports/${issued.reports.find((r) => r.pupilId === dev)!.id}/pdf`,
        )
      ).bytes,
    ).join('\n');
    expect(devText).toContain('Attendance is not recorded for this pupil yet.');
    expect(devText).toContain('Not on track: below the expected standard');

    // The archive keeps what was issued: a later change does not alter it, and every download is the same bytes.
    await world.call(head, 'PUT', `/api/v1/assessment/points/${summer}/results`, {
      cells: [{ pupilId: cara, measureId: maths, value: '8' }],
    });
    const again = await world.call(head, 'GET', `/api/v1/assessment/parent-reports/${caraReport.id}/pdf`);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(createHash('sha256').update(again.bytes).digest('hex')).toBe(caraReport.sha256);

    const single = await world.call(head, 'POST', `/api/v1/assessment/points/${summer}/parent-reports`, {
      pupilId: cara,
      teacherComment: 'Now a grade 8.',
    });
    expect(single.status).toBe(201);
    const archive = await world.call(readOnly, 'GET', `/api/v1/assessment/parent-reports?pupilId=${cara}`);
    expect((archive.body as ParentReportView[]).map((r) => r.id)).toEqual([
      (single.body as ParentReportView).id,
      caraReport.id,
    ]);
    const events = await world.published(PARENT_REPORT_ISSUED.subject, (all) => all.length >= 3);
    expect(events.find((e) => e.data.reportId === caraReport.id)!.data).toEqual({
      reportId: caraReport.id,
      pupilId: cara,
      pointId: summer,
    });
    expect((await world.call(otherHead, 'GET', `/api/v1/assessment/parent-reports/${caraReport.id}/pdf`)).status).toBe(
      404,
    );
  });
});
