import { EventNamespace } from '@pt/platform/events/event-namespace';
import { World } from '@pt/testing';

const ADMIN = { login: 'resilience.admin@platform.test', password: 'Quartz-Lantern-Orbit-47' };

describe('The audit trail loses nothing when audit is down, and one bad message does not stop it', () => {
  let world: World;
  let token: string;
  let n = 0;

  const createSchool = async () => {
    const response = await fetch(`${world.stack.baseUrl}/api/v1/platform/schools`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Resilient School ${++n}`,
        laCode: '995',
        establishmentNumber: String(4000 + n),
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@resilient.test' },
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const actionsOf = async (schoolId: string) => {
    const response = await fetch(`${world.stack.baseUrl}/api/v1/platform/audit-entries?schoolId=${schoolId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) return [];
    return ((await response.json()) as { items: { action: string }[] }).items.map((entry) => entry.action);
  };

  beforeAll(async () => {
    world = await World.start({
      label: 'resilience',
      processes: ['gateway', 'identity', 'audit'],
      admin: ADMIN,
    });
    token = (await world.signIn(ADMIN.login, ADMIN.password)).token;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P24: events produced while audit is stopped wait in JetStream and are logged when it returns', async () => {
    expect(await world.stack.stopProcess('audit')).toBe(0);
    const schoolId = await createSchool();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await actionsOf(schoolId)).toEqual([]);

    await world.stack.startProcess('audit');
    await world.until(async () => (await actionsOf(schoolId)).includes('identity.school.created'), 10_000);
  }, 60_000);

  it('parks a message it cannot process, reports it on /health/ready, and goes on logging', async () => {
    const namespace = new EventNamespace(world.stack.eventsNamespace);
    await (await world.bus())
      .jetstream()
      .publish(namespace.wire('evt.junk.thing.happened'), new TextEncoder().encode('not json'));
    await world.until(async () => {
      const response = await fetch(`${world.stack.baseUrl}/health/ready`);
      const body = (await response.json()) as { parkedEvents?: Record<string, number> };
      // Only gateway, identity and audit run here, so readiness itself is 503; the count is reported either way.
      return (body.parkedEvents?.audit ?? 0) >= 1;
    }, 10_000);

    const schoolId = await createSchool();
    await world.until(async () => (await actionsOf(schoolId)).includes('identity.school.created'), 10_000);
  }, 60_000);
});
