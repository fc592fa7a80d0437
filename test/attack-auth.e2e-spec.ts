import { activate, Reply, SchoolAdmin, schoolWithAdmin, tokenIn, World, WORLD_PASSWORD } from '@pt/testing';

/**
 * Authentication and sessions, attacked from outside through the gateway (issue 15): the
 * password rules wherever a password is set, throttling, enumeration, refresh rotation
 * and reuse, revocation at sign-out.
 */
describe('Attack suite: authentication and sessions', () => {
  let world: World;
  let school: SchoolAdmin;
  let schoolName: string;
  let counter = 0;

  /** A member of staff invited by the school's admin, not yet active. */
  const invited = async (firstName = 'Priya', lastName = 'Okafor') => {
    counter += 1;
    const username = `atk.user${counter}`;
    const email = `${username}@school.test`;
    const created = await world.call(school.token, 'POST', '/api/v1/users', {
      firstName,
      lastName,
      username,
      email,
      roles: ['teacher'],
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, username, email };
  };

  beforeAll(async () => {
    world = await World.start({ label: 'atkauth', processes: ['gateway', 'identity'], mail: true });
    school = await schoolWithAdmin(world, 'atkauth');
    const [row] = await world.sql('identity', 'select name from school where id = $1', [school.schoolId]);
    schoolName = row.name;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('password rules wherever a password is set (P2, NIST SP 800-63B)', () => {
    const expectRefused = (reply: Reply, field: string, password: string, personal: string[]) => {
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({
        code: 'password.policy_not_met',
        errors: [{ field, message: expect.stringMatching(/^is too easy to guess: \S/) }],
      });
      for (const secret of [password, ...personal]) expect(reply.text).not.toContain(secret);
    };

    it("P2: the invitation's first password is refused when guessable or made of the person's or school's names, and the link still works", async () => {
      const user = await invited('Priya', 'Okafor');
      const token = tokenIn(await world.mail(user.email, 'invitation'));
      const attempts = [
        'Passw0rd1234',
        'P@ssw0rd2026',
        'Aa1Aa1Aa1Aa1',
        `${user.username[0].toUpperCase()}${user.username.slice(1)}2026`,
        'PriyaOkafor1987',
        `${schoolName.replace(/[^A-Za-z]/g, '')}#1`,
        'PupilTracking2026',
      ];
      for (const password of attempts) {
        const reply = await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password });
        expectRefused(reply, 'password', password, ['Priya', 'Okafor', user.username, schoolName]);
      }
      expect(
        (await world.call(null, 'POST', '/api/v1/auth/set-password', { token, password: WORLD_PASSWORD })).status,
      ).toBe(204);
    });

    it('P2, P6: a reset refuses the same passwords', async () => {
      const user = await invited('Tomasz', 'Nowak');
      await activate(world, user.email);
      await world.call(null, 'POST', '/api/v1/auth/password-reset', { login: user.email });
      const token = tokenIn(await world.mail(user.email, 'password-reset'));
      const reply = await world.call(null, 'POST', '/api/v1/auth/password-reset/confirm', {
        token,
        password: 'TomaszNowak2026',
      });
      expectRefused(reply, 'password', 'TomaszNowak2026', ['Tomasz', 'Nowak']);
    });

    it('P2: a change refuses them too, naming newPassword', async () => {
      const user = await invited('Ines', 'Duarte');
      await activate(world, user.email);
      const { token } = await world.signIn(user.username, WORLD_PASSWORD);
      const reply = await world.call(token, 'POST', '/api/v1/me/password', {
        currentPassword: WORLD_PASSWORD,
        newPassword: 'Ines-Duarte-2026',
      });
      expectRefused(reply, 'newPassword', 'Ines-Duarte-2026', ['Ines', 'Duarte']);
    });
  });
});
