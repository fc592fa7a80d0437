import { activate, SchoolAdmin, schoolWithAdmin, tokenIn, World, WORLD_PASSWORD } from '@pt/testing';

const NEW_PASSWORD = 'Heron-Valley-2027';

/** P6: lost login details are recovered by an emailed, single-use, short-lived link, without enumeration. */
describe('Password reset (P6)', () => {
  let world: World;
  let school: SchoolAdmin;
  let counter = 0;

  const activeUser = async () => {
    counter += 1;
    const email = `reset.user${counter}@school.test`;
    const username = `reset.user${counter}`;
    const created = await world.call(school.token, 'POST', '/api/v1/users', {
      firstName: 'Rita',
      lastName: 'Reset',
      username,
      email,
      roles: ['teacher'],
    });
    await activate(world, email);
    return { id: created.body.id as string, email, username };
  };
  const requestReset = (login: string) => world.call(null, 'POST', '/api/v1/auth/password-reset', { login });
  const confirm = (token: string, password: string) =>
    world.call(null, 'POST', '/api/v1/auth/password-reset/confirm', { token, password });

  beforeAll(async () => {
    world = await World.start({
      label: 'usersreset',
      processes: ['gateway', 'identity'],
      mail: true,
      envFor: {
        identity: {
          PASSWORD_RESET_ACCOUNT_LIMIT: '2',
          PASSWORD_RESET_IP_LIMIT: '14',
        },
      },
    });
    school = await schoolWithAdmin(world, 'reset');
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P6: answers 202 with the same body whether or not the account exists; only a real account is emailed', async () => {
    const user = await activeUser();
    const replies = [
      await requestReset(user.email),
      await requestReset('nobody.at.all@school.test'),
      await requestReset('no-such-username'),
    ];
    const bodies = replies.map((reply) => {
      expect(reply.status).toBe(202);
      return reply.body;
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0]).toEqual({ accepted: true, message: expect.any(String) });
    await world.mail(user.email, 'password-reset');
    expect(world.mails('nobody.at.all@school.test', 'password-reset')).toHaveLength(0);
  });

  it('P6: the link works once, expires after 30 minutes, is stored hashed, and a newer link voids older ones', async () => {
    const user = await activeUser();
    expect((await requestReset(user.username)).status).toBe(202);
    const first = tokenIn(await world.mail(user.email, 'password-reset'));
    expect((await requestReset(user.email)).status).toBe(202);
    const second = tokenIn(await world.mail(user.email, 'password-reset', 1));
    expect(second).not.toBe(first);

    const stored = await world.sql(
      'identity',
      `select token_hash, extract(epoch from expires_at - created_at) as seconds from user_token where user_id = $1`,
      [user.id],
    );
    expect(stored).toHaveLength(1);
    expect(Number(stored[0].seconds)).toBeCloseTo(30 * 60, -1);
    expect(stored[0].token_hash).not.toBe(second);

    const voided = await confirm(first, NEW_PASSWORD);
    expect(voided.status).toBe(400);
    expect(voided.body).toMatchObject({ code: 'token.invalid', errors: [{ field: 'token' }] });

    // A password the policy refuses leaves the link usable.
    const weak = await confirm(second, 'password');
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('password');

    expect((await confirm(second, NEW_PASSWORD)).status).toBe(204);
    expect((await confirm(second, 'Yet-Another-Pass-5')).status).toBe(400);
    const oldPassword = await world.call(null, 'POST', '/api/v1/auth/sign-in', {
      login: user.username,
      password: WORLD_PASSWORD,
    });
    expect(oldPassword.status).toBe(401);
    (await world.signIn(user.username, NEW_PASSWORD)).token;
  });

  it('P6: an expired link is refused', async () => {
    const user = await activeUser();
    await requestReset(user.email);
    const token = tokenIn(await world.mail(user.email, 'password-reset'));
    await world.sql('identity', `update user_token set expires_at = now() - interval '1 second' where user_id = $1`, [
      user.id,
    ]);
    const expired = await confirm(token, NEW_PASSWORD);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('token.invalid');
  });

  it('P6: a reset ends every session of the account at once', async () => {
    const user = await activeUser();
    const session = (await world.signIn(user.username, WORLD_PASSWORD)).token;
    expect((await world.call(session, 'GET', '/api/v1/me')).status).toBe(200);
    await requestReset(user.email);
    expect((await confirm(tokenIn(await world.mail(user.email, 'password-reset')), NEW_PASSWORD)).status).toBe(204);
    await world.until(async () => (await world.call(session, 'GET', '/api/v1/me')).status === 401, 2000);
    expect((await world.call(session, 'GET', '/api/v1/me')).body.code).toBe('session.ended');
    const ended = await world.sql('identity', `select end_reason from session where user_id = $1`, [user.id]);
    expect(ended).toEqual([{ end_reason: 'password_reset' }]);
    const events = await world.eventsOf('evt.identity.user.password-reset', (list) =>
      list.some((e) => e.data.userId === user.id),
    );
    expect(events.find((e) => e.data.userId === user.id)!.data).toEqual({ userId: user.id });
  });

  it('P6: a deactivated account is sent nothing, with the same answer', async () => {
    const user = await activeUser();
    await world.call(school.token, 'POST', `/api/v1/users/${user.id}/deactivate`);
    const reply = await requestReset(user.email);
    expect(reply.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.mails(user.email, 'password-reset')).toHaveLength(0);
  });

  it('P6: requests are throttled per account (silently: same answer, no more mail) and per IP (429)', async () => {
    const user = await activeUser();
    for (let i = 0; i < 3; i++) expect((await requestReset(user.email)).status).toBe(202);
    await world.mail(user.email, 'password-reset', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // PASSWORD_RESET_ACCOUNT_LIMIT is 2 in this stack.
    expect(world.mails(user.email, 'password-reset')).toHaveLength(2);

    // PASSWORD_RESET_IP_LIMIT is 14: this file has used most of it; the rest run out here.
    let refused: Awaited<ReturnType<typeof requestReset>> | undefined;
    for (let i = 0; i < 14 && !refused; i++) {
      const reply = await requestReset(`someone${i}@school.test`);
      if (reply.status === 429) refused = reply;
      else expect(reply.status).toBe(202);
    }
    expect(refused).toBeDefined();
    expect(refused!.body.code).toBe('too_many_requests');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    // Refused alike for a real account: the limit is the address's, not the account's.
    expect((await requestReset(user.email)).status).toBe(429);
  });
});
