import { createHmac } from 'node:crypto';
import { SchoolAdmin, schoolWithAdmin, World } from '@pt/testing';

const UNSUBSCRIBE_SECRET = 'marketing-e2e-unsubscribe-secret-0123456789';

/** The signature the links carry: HMAC-SHA256 over `unsubscribe:v1:<user id>` with UNSUBSCRIBE_SECRET. */
const signatureFor = (userId: string, secret = UNSUBSCRIBE_SECRET) =>
  createHmac('sha256', secret).update(`unsubscribe:v1:${userId}`).digest('base64url');

/** P9: marketing is opt-in only, can be withdrawn at any time, and every message can be unsubscribed from. */
describe('Marketing preferences (P9)', () => {
  let world: World;
  let school: SchoolAdmin;
  let other: SchoolAdmin;

  const unsubscribe = (query: string) => world.call(null, 'GET', `/api/v1/marketing/unsubscribe?${query}`);

  beforeAll(async () => {
    world = await World.start({
      label: 'usersmkt',
      processes: ['gateway', 'identity'],
      mail: true,
      envFor: { identity: { UNSUBSCRIBE_SECRET } },
    });
    school = await schoolWithAdmin(world, 'marketing');
    other = await schoolWithAdmin(world, 'marketingtwo');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P9: marketing is off until the user opts in, and the user can withdraw at any time', async () => {
    const initial = await world.call(school.token, 'GET', '/api/v1/me/marketing');
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ optIn: false, changedAt: null });

    const optIn = await world.call(school.token, 'PUT', '/api/v1/me/marketing', { optIn: true });
    expect(optIn.status).toBe(200);
    expect(optIn.body).toEqual({ optIn: true, changedAt: expect.any(String) });
    expect((await world.call(school.token, 'GET', '/api/v1/me/marketing')).body.optIn).toBe(true);

    const withdraw = await world.call(school.token, 'PUT', '/api/v1/me/marketing', { optIn: false });
    expect(withdraw.body.optIn).toBe(false);

    const events = await world.eventsOf('evt.identity.user.marketing-preference-changed', (list) => list.length >= 2);
    expect(events.map((e) => e.data)).toEqual([
      { userId: school.userId, optIn: true, via: 'preference' },
      { userId: school.userId, optIn: false, via: 'preference' },
    ]);
    // Someone else's preference is untouched.
    expect((await world.call(other.token, 'GET', '/api/v1/me/marketing')).body.optIn).toBe(false);
  });

  it('P9: the preference takes a boolean only, and needs a signed-in user', async () => {
    const notBoolean = await world.call(school.token, 'PUT', '/api/v1/me/marketing', { optIn: 'yes' });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.errors).toEqual([{ field: 'optIn', message: 'must be a boolean value' }]);
    const extra = await world.call(school.token, 'PUT', '/api/v1/me/marketing', { optIn: true, channel: 'sms' });
    expect(extra.status).toBe(400);
    expect((await world.call(null, 'GET', '/api/v1/me/marketing')).status).toBe(401);
  });

  it('P9: the signed unsubscribe link turns marketing off without signing in', async () => {
    await world.call(other.token, 'PUT', '/api/v1/me/marketing', { optIn: true });
    const reply = await unsubscribe(`u=${other.userId}&sig=${signatureFor(other.userId)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ optIn: false });
    expect((await world.call(other.token, 'GET', '/api/v1/me/marketing')).body.optIn).toBe(false);

    // Following it again (or for someone already out) says the same.
    expect((await unsubscribe(`u=${other.userId}&sig=${signatureFor(other.userId)}`)).body).toEqual({ optIn: false });

    const events = await world.eventsOf('evt.identity.user.marketing-preference-changed', (list) =>
      list.some((e) => e.data.via === 'unsubscribe_link'),
    );
    expect(events.filter((e) => e.data.via === 'unsubscribe_link')).toEqual([
      {
        subject: 'evt.identity.user.marketing-preference-changed',
        tenantId: other.schoolId,
        data: { userId: other.userId, optIn: false, via: 'unsubscribe_link' },
      },
    ]);
  });

  it('P9: a forged or borrowed signature is refused (403) and changes nothing', async () => {
    await world.call(school.token, 'PUT', '/api/v1/me/marketing', { optIn: true });
    const attempts = [
      `u=${school.userId}&sig=${signatureFor(school.userId, 'a guessed secret of the right sort of length')}`,
      `u=${school.userId}&sig=${signatureFor(other.userId)}`,
      `u=${school.userId}&sig=${signatureFor(school.userId).slice(0, -2)}`,
      `u=not-a-user&sig=${signatureFor('not-a-user')}`,
    ];
    for (const query of attempts) {
      const reply = await unsubscribe(query);
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('unsubscribe.invalid_signature');
    }
    const missing = await unsubscribe(`u=${school.userId}`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('sig');
    expect((await world.call(school.token, 'GET', '/api/v1/me/marketing')).body.optIn).toBe(true);
  });
});
