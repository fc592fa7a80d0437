import { BrowserClient, World } from '@pt/testing';

const PASSWORD = 'Register-Heron-48';

// Identity runs one argon2id hash per core (here one) and queues the rest, and the first password it
// judges loads the strength estimator's dictionaries. A burst of password changes can therefore
// outlast the default bus timeout while every one of them is sound work. Here the default is cut to
// 250 ms so that a burst of twenty surely does; the password requests have their own timeout
// (PASSWORD_REQUEST_TIMEOUT_MS, 15 s by default) and must not answer 504.
describe('Requests that run argon2id wait for identity, not for the default bus timeout (P2)', () => {
  let world: World;
  let api: BrowserClient;
  let school: string;

  beforeAll(async () => {
    world = await World.start({
      label: 'pwqueue',
      processes: ['gateway', 'identity'],
      admin: false,
      envFor: { gateway: { NATS_REQUEST_TIMEOUT_MS: '250' }, identity: { ARGON2_CONCURRENCY: '1' } },
    });
    api = world.browser();
    school = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('P2: twenty sign-ins, then twenty password changes at once, queued behind one argon2id slot, all succeed and each new password signs in', async () => {
    const staff = [];
    for (let i = 0; i < 20; i++) staff.push(await world.account(school, PASSWORD));
    // Sign-in runs argon2id too, and has the same timeout: twenty at once queue as well.
    const people = await Promise.all(
      staff.map(async (person) => ({
        ...person,
        token: (await api.signIn(person.username, person.password)).accessToken,
      })),
    );
    const started = performance.now();
    const answers = await Promise.all(
      people.map((person, i) =>
        api.post(
          '/api/v1/me/password',
          { currentPassword: PASSWORD, newPassword: `Queued-Kestrel-${i + 10}` },
          { token: person.token },
        ),
      ),
    );
    const took = performance.now() - started;
    expect(answers.map((answer) => answer.status)).toEqual(people.map(() => 204));
    // The burst did outlast the default timeout: without their own, some would have been 504.
    expect(took).toBeGreaterThan(250);
    for (const [i, person] of people.entries()) await api.signIn(person.username, `Queued-Kestrel-${i + 10}`);
  });
});
