import { apiClient, World } from '@pt/testing';
import { randomUUID } from 'node:crypto';

/**
 * An integrator's client, generated from the API document (libs/testing/src/api-client), used
 * as a finance system would (issue 16): every path, body and answer below is typed by the
 * document alone, so a route whose document stops matching its code breaks this file's build,
 * and the gateway's response check (RESPONSE_CONFORMANCE=enforce) holds each answer to it.
 */
describe('a client generated from the API document', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start({ label: 'apiclient', processes: ['gateway', 'identity', 'billing'] });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('creates a plan, adds a price version and quotes it, reading typed answers', async () => {
    const client = apiClient(world.baseUrl, world.platformAdmin.token);
    const created = await client.POST('/api/v1/platform/billing/plans', {
      body: {
        code: `client-${randomUUID().slice(0, 8)}`,
        name: 'Generated client plan',
        price: {
          effectiveFrom: '2026-09-01',
          baseFeePence: 30_000,
          perPupil: { kind: 'linear', perPupilPence: 300 },
          vatRateBasisPoints: 2000,
        },
      },
    });
    expect(created.response.status).toBe(201);
    const plan = created.data!;
    expect(plan.versions).toHaveLength(1);

    const added = await client.POST('/api/v1/platform/billing/plans/{planId}/prices', {
      params: { path: { planId: plan.id } },
      body: {
        effectiveFrom: '2027-09-01',
        baseFeePence: 40_000,
        perPupil: { kind: 'linear', perPupilPence: 333 },
        vatRateBasisPoints: 2000,
      },
    });
    expect(added.data!.versions.map((version) => version.effectiveFrom)).toEqual(['2026-09-01', '2027-09-01']);

    const quote = await client.GET('/api/v1/platform/billing/plans/{planId}/quote', {
      params: { path: { planId: plan.id }, query: { pupils: 100, on: '2027-10-01' } },
    });
    expect(quote.response.status).toBe(200);
    expect(quote.data!.net).toBe(40_000 + 100 * 333);
  });

  it('reads a refusal as the document’s problem: the code and the field named', async () => {
    const client = apiClient(world.baseUrl, world.platformAdmin.token);
    const refused = await client.POST('/api/v1/platform/billing/plans', {
      body: { code: '', name: 'No code', price: undefined as never },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: 'validation_failed' });
    expect(refused.error!.errors!.map((error) => error.field)).toEqual(expect.arrayContaining(['code', 'price']));

    const unknown = await client.GET('/api/v1/platform/billing/plans/{planId}', {
      params: { path: { planId: randomUUID() } },
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error!.code).toMatch(/not_found$/);
  });
});
