import { randomUUID } from 'node:crypto';
import { PUPIL_CREATED, requestPatternsOf } from '@pt/contracts';
import {
  BUS_PROCESSES,
  BusProcess,
  busUseOf,
  jpeg,
  OwnNatsServer,
  renderNatsAuthorization,
  uniqueTestName,
  World,
} from '@pt/testing';
import { connect, NatsConnection } from 'nats';

/**
 * Issue 17, least privilege on the bus: the platform runs on a nats-server that enforces
 * the generated permissions (deploy/nats/permissions.conf, here for this stack's
 * namespace), every process connected as its own user. The main flows still work, and a
 * process that publishes to another service's request subjects or event subjects, or
 * listens on another service's requests, is refused by the server itself.
 */
describe('Bus: each process is its own NATS user with only the subjects it uses (issue 17)', () => {
  const label = 'busacl';
  // The permissions name the stack's subjects and streams: its name (the namespace) is fixed first.
  const name = uniqueTestName(label);
  const passwords = Object.fromEntries(BUS_PROCESSES.map((p) => [p, `${p}-${randomUUID()}`])) as Record<
    BusProcess,
    string
  >;
  const harness = { user: 'harness', pass: `harness-${randomUUID()}` };
  let nats: OwnNatsServer;
  let world: World;
  const probes: NatsConnection[] = [];

  beforeAll(async () => {
    nats = await OwnNatsServer.start({
      config: 'include permissions.conf\n',
      includes: {
        'permissions.conf': renderNatsAuthorization({
          namespace: name,
          testClock: true,
          passwords,
          // The test's own connections (reading the stream back, clean-up): every subject.
          extraUsers: [`    { user: "${harness.user}", password: "${harness.pass}" }`],
        }),
      },
    });
    world = await World.start({
      label,
      name,
      natsUrl: nats.url,
      natsUsers: { passwords, harness },
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all(probes.map((nc) => nc.close().catch(() => undefined)));
    await world?.stop();
    await nats?.destroy();
  });

  const violations = (kind: 'Publish' | 'Subscription') =>
    nats.log.filter((line) => line.includes(`${kind} Violation`) && !line.includes(`"${harness.user}"`));

  it('signs in, adds a pupil whose event audit and assessment consume, answers a billing call and carries a photograph through the file store, with no permission refused', async () => {
    const school = await world.school({ signed: true });
    const head = await world.staff(school.id, ['school-admin']);
    const pupil = await world.pupil(head);
    const [created] = await world.published(PUPIL_CREATED.subject, (events) =>
      events.some((event) => event.data.pupilId === pupil.id),
    );
    // Both consumers took the event (each records it with its effect in one transaction).
    await world.until(async () => {
      const [audit] = await world.sql('audit', `select count(*)::int as n from processed_event where event_id = $1`, [
        created.id,
      ]);
      const [assessment] = await world.sql(
        'assessment',
        `select count(*)::int as n from pupil_period where pupil_id = $1`,
        [pupil.id],
      );
      return audit.n > 0 && assessment.n > 0;
    }, 15_000);
    const plans = await world.call(world.platformAdmin, 'GET', '/api/v1/platform/billing/plans');
    expect(plans.status).toBe(200);
    // A file through the object store: the gateway puts the upload, pupil-records reads it, and back.
    const consent = await world.call(head, 'POST', `/api/v1/pupils/${pupil.id}/consents`, {
      kind: 'photo-use',
      givenBy: { type: 'pupil' },
    });
    expect(consent.status).toBe(201);
    const image = jpeg(20_000);
    const photo = `/api/v1/pupils/${pupil.id}/photo`;
    expect((await world.call(head, 'PUT', photo, image, { contentType: 'image/jpeg' })).status).toBe(200);
    expect((await world.call(head, 'GET', photo)).bytes.equals(image)).toBe(true);
    const refused = [...violations('Publish'), ...violations('Subscription')];
    console.log(`least privilege: permission violations during the main flows: ${refused.length}`);
    expect(refused).toEqual([]);
  });

  it("refuses a service publishing to another service's requests or events, and listening on another's requests", async () => {
    const asUser = async (process: BusProcess) => {
      const nc = await connect({ servers: nats.url, user: process, pass: passwords[process] });
      probes.push(nc);
      return { nc };
    };
    const wire = (subject: string) => `${name}.${subject}`;
    const before = { publish: violations('Publish').length, subscribe: violations('Subscription').length };

    // Billing calling identity's requests (sign-in, user creation, …) that its code never calls.
    const billing = await asUser('billing');
    const notCalledBy = (process: BusProcess, subject: string) => !busUseOf(process).calls.includes(subject);
    const identityRequests = requestPatternsOf('identity')
      .filter((p) => notCalledBy('billing', p.subject))
      .map((p) => wire(p.subject));
    for (const subject of identityRequests) billing.nc.publish(subject, '{}');
    // Billing forging identity's and pupil-records' events into the stream.
    const forgedId = randomUUID();
    const forgedEvents = [wire('evt.identity.user.created'), wire(PUPIL_CREATED.subject)];
    for (const subject of forgedEvents) billing.nc.publish(subject, JSON.stringify({ id: forgedId }));
    // Billing answering identity's requests in its place, and listening to the gateway's replies (tokens).
    const listened = [billing.nc.subscribe(wire('identity.auth.sign-in')), billing.nc.subscribe('_INBOX.gateway.>')];
    // The gateway publishing an event (it has no outbox), and assessment calling billing's writes for a user.
    const gateway = await asUser('gateway');
    gateway.nc.publish(wire(PUPIL_CREATED.subject), JSON.stringify({ id: forgedId }));
    const assessment = await asUser('assessment');
    const billingRequests = requestPatternsOf('billing')
      .filter((p) => notCalledBy('assessment', p.subject))
      .map((p) => wire(p.subject));
    for (const subject of billingRequests) assessment.nc.publish(subject, '{}');
    await Promise.all([billing.nc.flush(), gateway.nc.flush(), assessment.nc.flush()]);

    const expectedPublishes = identityRequests.length + forgedEvents.length + 1 + billingRequests.length;
    await world
      .until(
        async () =>
          violations('Publish').length - before.publish >= expectedPublishes &&
          violations('Subscription').length - before.subscribe >= listened.length,
        5_000,
      )
      .catch(() => undefined);
    const refusedPublishes = violations('Publish').length - before.publish;
    const refusedSubscriptions = violations('Subscription').length - before.subscribe;
    console.log(
      `least privilege: publishes refused ${refusedPublishes} of ${expectedPublishes} ` +
        `(${identityRequests.length} identity requests and ${forgedEvents.length} events by billing, 1 event by the gateway, ` +
        `${billingRequests.length} billing requests by assessment); subscriptions refused ${refusedSubscriptions} of ${listened.length} (identity's sign-in, the gateway's inbox)`,
    );
    expect(refusedPublishes).toBe(expectedPublishes);
    expect(refusedSubscriptions).toBe(listened.length);
    for (const subscription of listened) expect(subscription.isClosed()).toBe(true);
    // Nothing forged reached the stream.
    const stored = await world.published();
    expect(stored.filter((event) => (event as { id: string }).id === forgedId)).toEqual([]);
  });
});
