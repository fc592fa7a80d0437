import { FrameworkView } from '@pt/contracts';
import { School, Staff, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * Tenancy, attacked from inside one school through the gateway (issue 15), on the assessment
 * and billing services: another school's frameworks, measures and points answer 404 exactly as
 * ids that exist nowhere, and nothing of theirs changes; their ids written into this school's
 * grid are refused by cell; a tenant named in a header, the query or the body is never taken;
 * and a school cannot reach the platform's billing routes, its own or another school's (P19).
 */
describe('Attack suite: tenancy on assessment and billing', () => {
  let world: World;
  let headA: Staff;
  let headB: Staff;
  let schoolA: School;
  let schoolB: School;
  let ours: { framework: string; point: string; measure: string };
  let theirs: { framework: string; point: string; measure: string };

  const aFramework = async (head: Staff) => {
    const created = await world.call(head, 'POST', '/api/v1/assessment/frameworks', {
      academicYear: '2026/27',
      name: 'Tracking 2026/27',
    });
    const id = (created.body as FrameworkView).id;
    await world.call(head, 'POST', `/api/v1/assessment/frameworks/${id}/templates`, {
      templateKey: 'ks2-scaled-scores',
    });
    const framework = (
      await world.call(head, 'POST', `/api/v1/assessment/frameworks/${id}/points`, {
        name: 'Autumn 1',
        date: '2026-10-21',
      })
    ).body as FrameworkView;
    return { framework: id, point: framework.points[0].id, measure: framework.measures[0].id };
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'atktenab',
      processes: ['gateway', 'identity', 'assessment', 'billing'],
    });
    schoolA = await world.school({ signed: true });
    schoolB = await world.school({ signed: true });
    headA = await world.staff(schoolA, ['senior-leader', 'school-admin']);
    headB = await world.staff(schoolB, ['senior-leader', 'school-admin']);
    ours = await aFramework(headA);
    theirs = await aFramework(headB);
    for (const [kind, id] of Object.entries({ ...ours, ...theirs })) if (!id) throw new Error(`${kind} was not made`);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe("every assessment route answers another school's id as an unknown one", () => {
    const pupil = randomUUID();
    const routes = (id: { framework: string; point: string; measure: string }) =>
      [
        ['GET', `/api/v1/assessment/frameworks/${id.framework}`, undefined],
        ['POST', `/api/v1/assessment/frameworks/${id.framework}/templates`, { templateKey: 'phonics-screening-check' }],
        [
          'POST',
          `/api/v1/assessment/frameworks/${id.framework}/measures`,
          { name: 'Spelling', gradeScaleId: randomUUID() },
        ],
        ['POST', `/api/v1/assessment/frameworks/${id.framework}/points`, { name: 'Spring 1', date: '2027-02-10' }],
        ['PUT', `/api/v1/assessment/frameworks/${id.framework}/on-track-rule`, { kind: 'expected-band' }],
        ['GET', `/api/v1/assessment/frameworks/${id.framework}/on-track-rule`, undefined],
        ['POST', `/api/v1/assessment/points/${id.point}/close`, {}],
        ['POST', `/api/v1/assessment/points/${id.point}/reopen`, {}],
        ['GET', `/api/v1/assessment/points/${id.point}/results`, undefined],
        ['GET', `/api/v1/assessment/points/${id.point}/missing-results`, undefined],
        [
          'GET',
          `/api/v1/assessment/points/${id.point}/results/history?measureId=${id.measure}&pupilId=${pupil}`,
          undefined,
        ],
        ['GET', `/api/v1/assessment/points/${id.point}/on-track?measureId=${id.measure}`, undefined],
        ['GET', `/api/v1/assessment/measures/${id.measure}/targets`, undefined],
        [
          'PUT',
          `/api/v1/assessment/measures/${id.measure}/pupils/${pupil}/targets`,
          { targets: [{ kind: 'minimum', value: '100' }] },
        ],
      ] as const;

    it('P19: each answers 404 with the same code for their id as for an id that exists nowhere, and nothing of theirs changes', async () => {
      const nowhere = { framework: randomUUID(), point: randomUUID(), measure: randomUUID() };
      const foreign = routes(theirs);
      const unknown = routes(nowhere);
      const [before] = await world.sql(
        'assessment',
        'select count(*)::int as measures, (select count(*)::int from assessment_point where framework_id = $1) as points from measure where framework_id = $1',
        [theirs.framework],
      );
      for (let i = 0; i < foreign.length; i++) {
        const [method, path, body] = foreign[i];
        const route = `${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`;
        const theirReply = await world.call(headA, method, path, body);
        const unknownReply = await world.call(headA, method, unknown[i][1], body);
        expect({ route, status: theirReply.status }).toEqual({ route, status: 404 });
        expect({ route, code: theirReply.body.code }).toEqual({ route, code: unknownReply.body.code });
        expect(JSON.stringify(theirReply.body)).not.toContain(theirs.framework);
      }
      const [after] = await world.sql(
        'assessment',
        'select count(*)::int as measures, (select count(*)::int from assessment_point where framework_id = $1) as points from measure where framework_id = $1',
        [theirs.framework],
      );
      expect(after).toEqual(before);
      const [point] = await world.sql('assessment', 'select closed_at from assessment_point where id = $1', [
        theirs.point,
      ]);
      expect(point.closed_at).toBeNull();
      expect(
        await world.sql('assessment', 'select id from assessment_target where measure_id = $1', [theirs.measure]),
      ).toEqual([]);

      // The owner still reads its own.
      expect((await world.call(headB, 'GET', `/api/v1/assessment/frameworks/${theirs.framework}`)).status).toBe(200);
    });

    it('P19: their measure written into our grid is refused by cell, and the grid writes nothing', async () => {
      const grid = await world.call(headA, 'PUT', `/api/v1/assessment/points/${ours.point}/results`, {
        cells: [
          { pupilId: pupil, measureId: ours.measure, value: '101' },
          { pupilId: pupil, measureId: theirs.measure, value: '101' },
        ],
      });
      expect(grid.status).toBeGreaterThanOrEqual(400);
      expect(grid.status).toBeLessThan(500);
      expect(JSON.stringify(grid.body.errors)).toContain('cells[1]');
      expect(
        await world.sql('assessment', 'select id from assessment_result where measure_id = any($1)', [
          [ours.measure, theirs.measure],
        ]),
      ).toEqual([]);
    });
  });

  describe('tenant spoofing and mass assignment on assessment', () => {
    it('a tenant in a header does not reach their framework, and one in the body is refused by name', async () => {
      const spoofed = await world.call(headA, 'GET', `/api/v1/assessment/frameworks/${theirs.framework}`, undefined, {
        headers: { 'x-tenant-id': schoolB.id, 'x-school-id': schoolB.id },
      });
      expect(spoofed.status).toBe(404);

      const listed = await world.call(headA, 'GET', '/api/v1/assessment/frameworks', undefined, {
        headers: { 'x-tenant-id': schoolB.id },
      });
      expect(listed.status).toBe(200);
      const ids = JSON.stringify(listed.body);
      expect(ids).toContain(ours.framework);
      expect(ids).not.toContain(theirs.framework);

      for (const field of ['tenantId', 'schoolId']) {
        const byBody = await world.call(headA, 'POST', '/api/v1/assessment/frameworks', {
          academicYear: '2027/28',
          name: `Spoofed ${field}`,
          [field]: schoolB.id,
        });
        expect(byBody.status).toBe(400);
        expect(byBody.body.errors).toEqual([expect.objectContaining({ field })]);
      }
      expect(
        await world.sql('assessment', "select id from assessment_framework where name like 'Spoofed%'", []),
      ).toEqual([]);
    });
  });

  describe('billing', () => {
    it("P19: a school's admin reaches no platform billing route, for its own school or another", async () => {
      // A plan code, not an error code (the error-code catalogue reads `code:` literals).
      const ourPlanCode = `ours-${randomUUID().slice(0, 8)}`;
      for (const [method, path, body] of [
        ['GET', '/api/v1/platform/billing/plans', undefined],
        ['POST', '/api/v1/platform/billing/plans', { code: ourPlanCode, name: 'Mine' }],
        ['GET', `/api/v1/platform/billing/schools/${schoolA.id}/subscription`, undefined],
        ['GET', `/api/v1/platform/billing/schools/${schoolB.id}/subscription`, undefined],
        ['POST', `/api/v1/platform/billing/schools/${schoolB.id}/subscription`, { planId: randomUUID() }],
        [
          'POST',
          `/api/v1/platform/billing/schools/${schoolB.id}/subscription/plan-changes`,
          { planId: randomUUID(), on: '2027-01-01', pupils: 1 },
        ],
      ] as const) {
        const reply = await world.call(headA, method, path, body);
        const route = `${method} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}`;
        expect({ route, status: reply.status }).toEqual({ route, status: 403 });
      }
      expect(await world.sql('billing', 'select id from plan where code = $1', [ourPlanCode])).toEqual([]);
    });

    it("a school's own subscription is read for the token's school only: a tenant in a header or the query is not taken", async () => {
      const plan = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/billing/plans', {
        code: `tenancy-${randomUUID().slice(0, 8)}`,
        name: 'Plan',
        price: {
          effectiveFrom: '2026-01-01',
          baseFeePence: 50_000,
          perPupil: { kind: 'linear', perPupilPence: 300 },
          vatRateBasisPoints: 2000,
        },
      });
      expect(plan.status).toBe(201);
      const terms = {
        planId: plan.body.id,
        startsOn: '2026-09-01',
        endsOn: '2027-08-31',
        pupils: 100,
        billingContactEmail: 'bursar@trust.example',
        legalEntity: {
          kind: 'academy_trust',
          name: 'Their Trust',
          address: { line1: '1 High Street', town: 'Testbury', postcode: 'TE1 1ST' },
        },
      };
      // Billing hears of B's signature through identity's durable event: subscribe once it has.
      const deadline = Date.now() + 15_000;
      let subscribed;
      for (;;) {
        subscribed = await world.call(
          world.platformAdmin,
          'POST',
          `/api/v1/platform/billing/schools/${schoolB.id}/subscription`,
          terms,
        );
        if (subscribed.body?.code !== 'billing_customer.terms_not_signed' || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(subscribed.status).toBe(201);

      expect((await world.call(headB, 'GET', '/api/v1/billing/subscription')).status).toBe(200);
      const byHeader = await world.call(headA, 'GET', '/api/v1/billing/subscription', undefined, {
        headers: { 'x-tenant-id': schoolB.id, 'x-school-id': schoolB.id },
      });
      expect(byHeader.status).toBe(404);
      expect(JSON.stringify(byHeader.body)).not.toContain(subscribed.body.id);
      const byQuery = await world.call(headA, 'GET', `/api/v1/billing/subscription?schoolId=${schoolB.id}`);
      expect(byQuery.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(byQuery.body)).not.toContain(subscribed.body.id);
    });
  });
});
