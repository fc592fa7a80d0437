import { createHmac } from 'node:crypto';
import {
  PLATFORM_ADMIN,
  publishedEvents,
  schoolWithAdmin,
  SchoolAdmin,
  signIn,
  startUsersStack,
  UsersStack,
} from './users-fixtures';

const UNSUBSCRIBE_SECRET = 'marketing-e2e-unsubscribe-secret-0123456789';

/** The signature the links carry: HMAC-SHA256 over `unsubscribe:v1:<user id>` with UNSUBSCRIBE_SECRET. */
const signatureFor = (userId: string, secret = UNSUBSCRIBE_SECRET) =>
  createHmac('sha256', secret).update(`unsubscribe:v1:${userId}`).digest('base64url');

/** P9: marketing is opt-in only, can be withdrawn at any time, and every message can be unsubscribed from. */
describe('Marketing preferences (P9)', () => {
  let users: UsersStack;
  let school: SchoolAdmin;
  let other: SchoolAdmin;

  const unsubscribe = (query: string) => users.call('GET', `/api/v1/marketing/unsubscribe?${query}`);

  beforeAll(async () => {
    users = await startUsersStack('usersmkt', { UNSUBSCRIBE_SECRET });
    const platformToken = await signIn(users, PLATFORM_ADMIN.login, PLATFORM_ADMIN.password);
    school = await schoolWithAdmin(users, platformToken, 'marketing');
    other = await schoolWithAdmin(users, platformToken, 'marketingtwo');
  }, 90_000);

  afterAll(async () => {
    await users?.stop();
  });

  it('P9: marketing is off until the user opts in, and the user can withdraw at any time', async () => {
    const initial = await users.call('GET', '/api/v1/me/marketing', { token: school.token });
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ optIn: false, changedAt: null });

    const optIn = await users.call('PUT', '/api/v1/me/marketing', { token: school.token, body: { optIn: true } });
    expect(optIn.status).toBe(200);
    expect(optIn.body).toEqual({ optIn: true, changedAt: expect.any(String) });
    expect((await users.call('GET', '/api/v1/me/marketing', { token: school.token })).body.optIn).toBe(true);

    const withdraw = await users.call('PUT', '/api/v1/me/marketing', { token: school.token, body: { optIn: false } });
    expect(withdraw.body.optIn).toBe(false);

    const events = await publishedEvents(
      users,
      'evt.identity.user.marketing-preference-changed',
      (list) => list.length >= 2,
    );
    expect(events.map((e) => e.data)).toEqual([
      { userId: school.userId, optIn: true, via: 'preference' },
      { userId: school.userId, optIn: false, via: 'preference' },
    ]);
    // Someone else's preference is untouched.
    expect((await users.call('GET', '/api/v1/me/marketing', { token: other.token })).body.optIn).toBe(false);
  });

  it('P9: the preference takes a boolean only, and needs a signed-in user', async () => {
    const notBoolean = await users.call('PUT', '/api/v1/me/marketing', { token: school.token, body: { optIn: 'yes' } });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.errors).toEqual([{ field: 'optIn', message: 'must be a boolean value' }]);
    const extra = await users.call('PUT', '/api/v1/me/marketing', {
      token: school.token,
      body: { optIn: true, channel: 'sms' },
    });
    expect(extra.status).toBe(400);
    expect((await users.call('GET', '/api/v1/me/marketing')).status).toBe(401);
  });

  it('P9: the signed unsubscribe link turns marketing off without signing in', async () => {
    await users.call('PUT', '/api/v1/me/marketing', { token: other.token, body: { optIn: true } });
    const reply = await unsubscribe(`u=${other.userId}&sig=${signatureFor(other.userId)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ optIn: false });
    expect((await users.call('GET', '/api/v1/me/marketing', { token: other.token })).body.optIn).toBe(false);

    // Following it again (or for someone already out) says the same.
    expect((await unsubscribe(`u=${other.userId}&sig=${signatureFor(other.userId)}`)).body).toEqual({ optIn: false });

    const events = await publishedEvents(users, 'evt.identity.user.marketing-preference-changed', (list) =>
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
    await users.call('PUT', '/api/v1/me/marketing', { token: school.token, body: { optIn: true } });
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
    expect((await users.call('GET', '/api/v1/me/marketing', { token: school.token })).body.optIn).toBe(true);
  });
});
