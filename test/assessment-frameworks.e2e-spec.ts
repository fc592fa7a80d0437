import { AssessmentTemplateView, FrameworkView } from '@pt/contracts';
import { Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

// The framework rules (one per year, template versions, names, closing and reopening,
// another school's ids) are specified on the assessment service alone, in
// apps/assessment/src/frameworks/frameworks.int-spec.ts; here, through the gateway: the
// routes, their field rules and permissions, and the service behind them.
describe('assessment frameworks per school and academic year, through the gateway', () => {
  let world: World;
  let head: Staff;
  let teacher: Staff;
  let otherHead: Staff;

  const createFramework = async (by: Staff, academicYear: string) => {
    const reply = await world.call(by, 'POST', '/api/v1/assessment/frameworks', {
      academicYear,
      name: `Tracking ${academicYear}`,
    });
    expect(reply.status).toBe(201);
    return reply.body as FrameworkView;
  };

  beforeAll(async () => {
    world = await World.start({ label: 'assessfw', processes: ['gateway', 'identity', 'assessment'] });
    const school = await world.school();
    head = await world.staff(school, ['senior-leader']);
    teacher = await world.staff(school, ['teacher']);
    otherHead = await world.staff(await world.school(), ['school-admin']);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('lists the ready templates with their sources, by academic year', async () => {
    const reply = await world.call(teacher, 'GET', '/api/v1/assessment/templates?academicYear=2026/27');
    expect(reply.status).toBe(200);
    const templates = reply.body as AssessmentTemplateView[];
    const ks2 = templates.find((t) => t.key === 'ks2-scaled-scores');
    expect(ks2?.scale.range).toEqual({ min: 80, max: 120, expected: 100, high: 110 });
    expect(ks2?.sources.join(' ')).toContain('gov.uk');
    expect(templates.map((t) => t.key)).toEqual(
      expect.arrayContaining([
        'ks2-ta-2024',
        'eyfs-elg',
        'phonics-screening-check',
        'multiplication-tables-check',
        'steps',
        'gcse-9-1',
      ]),
    );
    expect(templates.map((t) => t.key)).not.toContain('ks1-ks2-ta-pre-2024');
  });

  it('a senior leader creates the year’s framework, adopts a template in one call, adds a measure and points, closes and reopens a point', async () => {
    const framework = await createFramework(head, '2026/27');
    const adopted = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/templates`, {
      templateKey: 'gcse-9-1',
    });
    expect(adopted.status).toBe(201);
    const view = adopted.body as FrameworkView;
    expect(view.gradeScales[0].grades.map((g) => g.code)).toEqual(['U', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(view.measures.map((m) => m.name)).toEqual(['English Language', 'English Literature', 'Mathematics']);

    const measure = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/measures`, {
      name: 'Combined Science',
      gradeScaleId: view.gradeScales[0].id,
    });
    expect(measure.status).toBe(201);
    const point = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/points`, {
      name: 'Autumn 1',
      date: '2026-10-23',
    });
    expect(point.status).toBe(201);
    const pointId = (point.body as FrameworkView).points[0].id;

    const closed = await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const reopened = await world.call(head, 'POST', `/api/v1/assessment/points/${pointId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');

    const got = await world.call(teacher, 'GET', `/api/v1/assessment/frameworks/${framework.id}`);
    expect(got.status).toBe(200);
    expect((got.body as FrameworkView).measures).toHaveLength(4);
    const list = await world.call(teacher, 'GET', '/api/v1/assessment/frameworks');
    expect(list.body.map((f: { id: string }) => f.id)).toEqual([framework.id]);
    expect(
      await world.sql('assessment', 'select id from assessment_framework where tenant_id = $1', [head.schoolId]),
    ).toHaveLength(1);
  });

  it("another school's framework and point are not found: 404", async () => {
    const framework = await createFramework(head, '2027/28');
    const withPoint = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/points`, {
      name: 'Spring 1',
      date: '2028-02-10',
    });
    const pointId = (withPoint.body as FrameworkView).points[0].id;
    const get = await world.call(otherHead, 'GET', `/api/v1/assessment/frameworks/${framework.id}`);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe('framework.not_found');
    const adopt = await world.call(otherHead, 'POST', `/api/v1/assessment/frameworks/${framework.id}/templates`, {
      templateKey: 'steps',
    });
    expect(adopt.status).toBe(404);
    const close = await world.call(otherHead, 'POST', `/api/v1/assessment/points/${pointId}/close`);
    expect(close.status).toBe(404);
    expect(close.body.code).toBe('assessment_point.not_found');
  });

  it('a teacher may read but not set up a framework or reopen a point: 403', async () => {
    const create = await world.call(teacher, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2030/31',
      name: 'Not mine to make',
    });
    expect(create.status).toBe(403);
    const reopen = await world.call(teacher, 'POST', `/api/v1/assessment/points/${randomUUID()}/reopen`);
    expect(reopen.status).toBe(403);
  });

  it('refuses bad input with problem+json naming each field', async () => {
    const reply = await world.call(head, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026-27',
      name: '',
    });
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect((reply.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['academicYear', 'name']);

    const framework = await createFramework(head, '2028/29');
    const point = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/points`, {
      name: 'Summer 2',
      date: '2029-02-30',
    });
    expect(point.status).toBe(400);
    expect(point.body.errors).toEqual([{ field: 'date', message: 'must be a calendar date (YYYY-MM-DD)' }]);

    const template = await world.call(head, 'POST', `/api/v1/assessment/frameworks/${framework.id}/templates`, {
      templateKey: 'ks1-ks2-ta-pre-2024',
    });
    expect(template.status).toBe(409);
    expect(template.body.code).toBe('assessment_template.not_for_year');
    const query = await world.call(head, 'GET', '/api/v1/assessment/templates?academicYear=next');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: { field: string }) => e.field)).toEqual(['academicYear']);
  });
});
