import {
  ADD_ASSESSMENT_POINT,
  ADD_MEASURE,
  ADOPT_ASSESSMENT_TEMPLATE,
  ASSESSMENT_POINT_CLOSED,
  ASSESSMENT_POINT_REOPENED,
  CLOSE_ASSESSMENT_POINT,
  CREATE_FRAMEWORK,
  FRAMEWORK_CREATED,
  FrameworkView,
  GET_FRAMEWORK,
  LIST_ASSESSMENT_TEMPLATES,
  LIST_FRAMEWORKS,
  REOPEN_ASSESSMENT_POINT,
} from '@pt/contracts';
import { aSchool, aStaff } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { startAssessmentHarness } from '../assessment.harness';

describe('frameworks per school, versioned by academic year (assessment service)', () => {
  let assessment: ServiceHarness;
  const school = aSchool();
  const head = aStaff(school, { roles: ['senior-leader'] });
  const teacher = aStaff(school, { roles: ['teacher'] });
  const otherHead = aStaff(aSchool());

  const create = (academicYear: string, by = head) =>
    assessment.call(CREATE_FRAMEWORK, { academicYear, name: `Tracking ${academicYear}` }, by);

  beforeAll(async () => {
    assessment = await startAssessmentHarness();
  });

  afterAll(async () => {
    await assessment?.stop();
  });

  it('lists the templates valid in a year: the 2024 TA codes from 2023/24, the older set before', async () => {
    const now = await assessment.call(LIST_ASSESSMENT_TEMPLATES, { academicYear: '2026/27' }, teacher);
    expect(now.map((t) => t.key)).toEqual(expect.arrayContaining(['ks2-scaled-scores', 'ks2-ta-2024', 'gcse-9-1']));
    expect(now.map((t) => t.key)).not.toContain('ks1-ks2-ta-pre-2024');
    const then = await assessment.call(LIST_ASSESSMENT_TEMPLATES, { academicYear: '2018/19' }, teacher);
    expect(then.map((t) => t.key)).toContain('ks1-ks2-ta-pre-2024');
    expect(then.map((t) => t.key)).not.toContain('ks2-ta-2024');
  });

  it('creates one framework per school and year, staging its id, and refuses a second for the same year', async () => {
    const framework = await create('2026/27');
    expect(framework).toMatchObject({ academicYear: '2026/27', gradeScales: [], measures: [], points: [] });
    expect((await assessment.staged(FRAMEWORK_CREATED)).map((e) => e.data)).toContainEqual({
      frameworkId: framework.id,
    });
    expect((await assessment.attempt(CREATE_FRAMEWORK, { academicYear: '2026/27', name: 'Again' }, head)).code).toBe(
      'framework.year_taken',
    );
    // Another school's year is its own.
    await create('2026/27', otherHead);
    expect((await assessment.call(LIST_FRAMEWORKS, {}, head)).map((f) => f.id)).toEqual([framework.id]);
  });

  it('refuses a year that is not YYYY/YY with consecutive years, and an empty name, naming the fields', async () => {
    const refused = await assessment.attempt(CREATE_FRAMEWORK, { academicYear: '2026/28', name: ' ' }, head);
    expect(refused.kind).toBe('validation');
    expect(refused.errors?.map((e) => e.field).sort()).toEqual(['academicYear', 'name']);
  });

  it('adopts a template in one call: its scale and measures are copied into the framework', async () => {
    const framework = await create('2027/28');
    const adopted = await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'eyfs-elg' },
      head,
    );
    expect(adopted.adoptedTemplates).toEqual(['eyfs-elg']);
    expect(adopted.gradeScales).toHaveLength(1);
    expect(adopted.gradeScales[0]).toMatchObject({ kind: 'grades', templateKey: 'eyfs-elg', range: null });
    expect(adopted.gradeScales[0].grades.map((g) => g.label)).toEqual(['Emerging', 'Expected']);
    expect(adopted.measures).toHaveLength(17);
    expect(adopted.measures[0].name).toBe('Listening, Attention and Understanding');
    expect(new Set(adopted.measures.map((m) => m.gradeScaleId))).toEqual(new Set([adopted.gradeScales[0].id]));

    const ks2 = await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'ks2-scaled-scores' },
      head,
    );
    expect(ks2.gradeScales.find((s) => s.templateKey === 'ks2-scaled-scores')?.range).toEqual({
      min: 80,
      max: 120,
      expected: 100,
      high: 110,
    });
    const again = await assessment.attempt(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'eyfs-elg' },
      head,
    );
    expect(again.code).toBe('assessment_template.already_adopted');
  });

  it('refuses a template whose version does not cover the year, and an unknown template', async () => {
    const framework = await create('2019/20');
    const early = await assessment.attempt(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'ks2-ta-2024' },
      head,
    );
    expect(early.code).toBe('assessment_template.not_for_year');
    const unknown = await assessment.attempt(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'levels' },
      head,
    );
    expect(unknown.code).toBe('assessment_template.not_found');
  });

  it('adds measures on a scale of the framework and points in date order; names are unique', async () => {
    const framework = await create('2028/29');
    const withSteps = await assessment.call(
      ADOPT_ASSESSMENT_TEMPLATE,
      { frameworkId: framework.id, templateKey: 'steps' },
      head,
    );
    const scaleId = withSteps.gradeScales[0].id;
    const withScience = await assessment.call(
      ADD_MEASURE,
      { frameworkId: framework.id, name: 'Science', gradeScaleId: scaleId },
      head,
    );
    expect(withScience.measures.map((m) => m.name)).toEqual(['Reading', 'Writing', 'Mathematics', 'Science']);
    expect(
      (
        await assessment.attempt(
          ADD_MEASURE,
          { frameworkId: framework.id, name: 'Science', gradeScaleId: scaleId },
          head,
        )
      ).code,
    ).toBe('measure.name_taken');
    expect(
      (
        await assessment.attempt(
          ADD_MEASURE,
          { frameworkId: framework.id, name: 'History', gradeScaleId: randomUUID() },
          head,
        )
      ).code,
    ).toBe('grade_scale.not_found');

    await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Spring 1', date: '2029-02-10' },
      head,
    );
    const withPoints: FrameworkView = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 1', date: '2028-10-20' },
      head,
    );
    expect(withPoints.points.map((p) => [p.name, p.status])).toEqual([
      ['Autumn 1', 'open'],
      ['Spring 1', 'open'],
    ]);
    const badDate = await assessment.attempt(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Summer 2', date: '2029-02-30' },
      head,
    );
    expect(badDate.errors).toEqual([{ field: 'date', message: 'must be a calendar date (YYYY-MM-DD)' }]);
    expect(
      (
        await assessment.attempt(
          ADD_ASSESSMENT_POINT,
          { frameworkId: framework.id, name: 'Autumn 1', date: '2028-10-21' },
          head,
        )
      ).code,
    ).toBe('assessment_point.name_taken');
  });

  it('closes and reopens a point, staging ids only; a teacher may do neither', async () => {
    const framework = await create('2029/30');
    const { points } = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Autumn 2', date: '2029-12-10' },
      head,
    );
    const pointId = points[0].id;
    expect((await assessment.attempt(CLOSE_ASSESSMENT_POINT, { pointId }, teacher)).kind).toBe('forbidden');
    const closed = await assessment.call(CLOSE_ASSESSMENT_POINT, { pointId }, head);
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).not.toBeNull();
    expect((await assessment.attempt(CLOSE_ASSESSMENT_POINT, { pointId }, head)).code).toBe('assessment_point.closed');
    expect((await assessment.attempt(REOPEN_ASSESSMENT_POINT, { pointId }, teacher)).kind).toBe('forbidden');
    const reopened = await assessment.call(REOPEN_ASSESSMENT_POINT, { pointId }, head);
    expect(reopened).toMatchObject({ status: 'open', closedAt: null });
    expect((await assessment.attempt(REOPEN_ASSESSMENT_POINT, { pointId }, head)).code).toBe('assessment_point.open');
    expect((await assessment.staged(ASSESSMENT_POINT_CLOSED)).map((e) => e.data)).toContainEqual({
      pointId,
      frameworkId: framework.id,
    });
    expect(await assessment.staged(ASSESSMENT_POINT_REOPENED)).toHaveLength(1);
  });

  it("another school's framework and point are not found (tenant isolation)", async () => {
    const framework = await create('2030/31');
    const { points } = await assessment.call(
      ADD_ASSESSMENT_POINT,
      { frameworkId: framework.id, name: 'Summer 1', date: '2031-05-10' },
      head,
    );
    expect((await assessment.attempt(GET_FRAMEWORK, { frameworkId: framework.id }, otherHead)).code).toBe(
      'framework.not_found',
    );
    expect(
      (
        await assessment.attempt(
          ADOPT_ASSESSMENT_TEMPLATE,
          { frameworkId: framework.id, templateKey: 'steps' },
          otherHead,
        )
      ).code,
    ).toBe('framework.not_found');
    expect((await assessment.attempt(CLOSE_ASSESSMENT_POINT, { pointId: points[0].id }, otherHead)).code).toBe(
      'assessment_point.not_found',
    );
    expect((await assessment.attempt(GET_FRAMEWORK, { frameworkId: 'not-a-uuid' }, head)).code).toBe(
      'framework.not_found',
    );
  });
});
