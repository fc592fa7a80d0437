import { BrowserClient, problemOf, World } from '@pt/testing';
import { Client } from 'pg';

const PASSWORD = 'Register-Heron-77';
const WRONG = 'Register-Heron-78';
const IP_LIMIT = 6;

/** A fresh documentation-range address per call, so that each test has its own per-IP allowance. */
let lastOctets = 0;
const freshIp = () => {
  lastOctets += 1;
  return `198.51.${Math.floor(lastOctets / 250)}.${(lastOctets % 250) + 1}`;
};

// The per-account lockout (back-off, what a locked account answers, password-change
// guesses) is specified on identity alone, in apps/identity/src/credentials/sign-in-lockout.int-spec.ts;
// that an unknown login answers as a wrong password does, in the same time, in test/attack-auth.e2e-spec.ts.
describe('Brute force is stalled (P3): per-account lockout with back-off, per-IP throttling', () => {
  let world: World;
  let db: Client;
  let api: BrowserClient;
  let school: string;

  const attempt = (login: string, password: string, ip = freshIp()) =>
    api.post('/api/v1/auth/sign-in', { login, password }, { ip });

  beforeAll(async () => {
    world = await World.start({
      label: 'bruteforce',
      processes: ['gateway', 'identity'],
      admin: false,
      envFor: {
        gateway: { TRUST_PROXY: 'true' },
        identity: {
          SIGN_IN_LOCKOUT_THRESHOLD: '5',
          SIGN_IN_LOCKOUT_BASE_SECONDS: '2',
          SIGN_IN_LOCKOUT_MAX_SECONDS: '8',
          SIGN_IN_IP_LIMIT: String(IP_LIMIT),
          SIGN_IN_IP_WINDOW_SECONDS: '600',
        },
      },
    });
    db = await world.stack.connectOwner('identity');
    api = world.browser();
    school = (await world.school({ concurrentSessions: 'allow' })).id;
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await world?.stop();
  });

  describe('per-IP throttling', () => {
    it('P3: after the allowed failures an address gets 429 problem+json with Retry-After, even with the right password; another address is unaffected', async () => {
      const staff = await world.account(school, PASSWORD);
      const ip = freshIp();
      for (let i = 0; i < IP_LIMIT; i++) expect((await attempt(`unknown.${i}`, WRONG, ip)).status).toBe(401);

      const throttled = await attempt(staff.username, PASSWORD, ip);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('content-type')).toContain('application/problem+json');
      const retryAfter = Number(throttled.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(await problemOf(throttled)).toMatchObject({
        status: 429,
        code: 'too_many_requests',
        retryAfterSeconds: retryAfter,
      });

      expect((await attempt(staff.username, PASSWORD, freshIp())).status).toBe(200);
    });

    it('P3: successful sign-ins are not counted: a whole school behind one address can sign in', async () => {
      const ip = freshIp();
      const staff = await Promise.all([1, 2, 3, 4].map(() => world.account(school, PASSWORD)));
      for (let round = 0; round < 3; round++) {
        for (const member of staff) expect((await attempt(member.username, PASSWORD, ip)).status).toBe(200);
      }
    });

    it('P3: the throttle lives in the database, shared by replicas: it still holds after identity restarts', async () => {
      const ip = freshIp();
      for (let i = 0; i < IP_LIMIT; i++) await attempt(`unknown.${i}`, WRONG, ip);
      expect((await attempt('unknown.x', WRONG, ip)).status).toBe(429);

      await world.stack.stopProcess('identity');
      await world.stack.startProcess('identity');
      await world.until(async () => (await world.stack.readiness()).services?.identity === 'up', 10_000);

      expect((await attempt('unknown.x', WRONG, ip)).status).toBe(429);
      // Addresses are personal data: only their hashes are stored.
      const { rows } = await db.query(`select key_hash from rate_limit`);
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toMatch(/198\.51\./);
    }, 30_000);
  });
});
