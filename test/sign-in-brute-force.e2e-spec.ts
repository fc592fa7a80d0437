import { TestStack } from '@pt/testing';
import { Client } from 'pg';
import { GatewayClient, insertSchool, insertStaff, problemOf, StaffAccount } from './sign-in-support';

const PASSWORD = 'Register-Heron-77';
const WRONG = 'Register-Heron-78';
const IP_LIMIT = 6;

/** A fresh documentation-range address per call, so that each test has its own per-IP allowance. */
let lastOctets = 0;
const freshIp = () => {
  lastOctets += 1;
  return `198.51.${Math.floor(lastOctets / 250)}.${(lastOctets % 250) + 1}`;
};

describe('Brute force is stalled (P3): per-account lockout with back-off, per-IP throttling', () => {
  let stack: TestStack;
  let db: Client;
  let api: GatewayClient;
  let school: string;

  const attempt = (login: string, password: string, ip = freshIp()) =>
    api.post('/api/v1/auth/sign-in', { login, password }, { ip });
  const fail = async (staff: StaffAccount, times: number) => {
    for (let i = 0; i < times; i++) expect((await attempt(staff.username, WRONG)).status).toBe(401);
  };
  /** Seconds the account stays locked for, by the database's clock (null: not locked). */
  const lockSeconds = async (staff: StaffAccount): Promise<number | null> => {
    const { rows } = await db.query(
      `select extract(epoch from locked_until - now())::float8 as s from credential_lockout where user_id = $1`,
      [staff.id],
    );
    const seconds = rows[0]?.s as number | null | undefined;
    return seconds === null || seconds === undefined || seconds <= 0 ? null : seconds;
  };
  /** Moves the lock's end to now, as if its time had passed. */
  const letLockPass = (staff: StaffAccount) =>
    db.query(`update credential_lockout set locked_until = now() where user_id = $1`, [staff.id]);

  beforeAll(async () => {
    stack = await TestStack.start({
      label: 'bruteforce',
      processes: ['gateway', 'identity'],
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
    db = await stack.connectOwner('identity');
    api = new GatewayClient(stack);
    school = await insertSchool(db, { concurrentSessions: 'allow' });
  }, 90_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  describe('per-account lockout', () => {
    it('P3: after 5 failures even the right password gets the same 401 invalid_credentials as a wrong one, until the lock ends', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
      await fail(staff, 4);
      expect((await attempt(staff.username, PASSWORD)).status).toBe(200);
      await fail(staff, 5);

      const wrong = await problemOf(await attempt(staff.username, WRONG));
      const right = await attempt(staff.username, PASSWORD);
      expect(right.status).toBe(401);
      expect(await problemOf(right)).toEqual(wrong);
      expect(wrong).toMatchObject({ status: 401, code: 'invalid_credentials' });
      expect(JSON.stringify(wrong)).not.toMatch(/lock/i);

      await stack.waitUntil(async () => (await lockSeconds(staff)) === null, 5000);
      expect((await attempt(staff.username, PASSWORD)).status).toBe(200);
    });

    it('P3: an unknown account answers exactly like a locked one', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
      await fail(staff, 5);
      const locked = await problemOf(await attempt(staff.username, PASSWORD));
      const unknown = await problemOf(await attempt('nobody.here', PASSWORD));
      expect(locked).toEqual(unknown);
    });

    it('P3: the lock grows: each failure after a lock doubles it up to the maximum; attempts while locked do not extend it', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
      await fail(staff, 4);
      expect(await lockSeconds(staff)).toBeNull();
      await fail(staff, 1);
      expect(await lockSeconds(staff)).toBeCloseTo(2, 0);

      // Attempts during the lock are not checked, so they do not count.
      await fail(staff, 3);
      expect(await lockSeconds(staff)).toBeLessThanOrEqual(2);

      const grown: number[] = [];
      for (let i = 0; i < 3; i++) {
        await letLockPass(staff);
        await fail(staff, 1);
        grown.push(Math.round((await lockSeconds(staff))!));
      }
      expect(grown).toEqual([4, 8, 8]);
    });

    it('P3: a successful sign-in forgets the failures: the back-off starts again from the beginning', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
      await fail(staff, 6);
      await letLockPass(staff);
      expect((await attempt(staff.username, PASSWORD)).status).toBe(200);
      const { rowCount } = await db.query(`select 1 from credential_lockout where user_id = $1`, [staff.id]);
      expect(rowCount).toBe(0);
      await fail(staff, 4);
      expect(await lockSeconds(staff)).toBeNull();
    });

    it('P3: a signed-in user guessing at their current password (password change) is locked out the same way', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
      const { accessToken } = await api.signIn(staff.username, staff.password, { ip: freshIp() });
      for (let i = 0; i < 5; i++) {
        const change = await api.post(
          '/api/v1/me/password',
          { currentPassword: `Guess-Number-${i}0`, newPassword: 'Completely-New-Pass-1' },
          { token: accessToken },
        );
        expect(change.status).toBe(400);
      }
      expect(await lockSeconds(staff)).toBeCloseTo(2, 0);
      const withRight = await api.post(
        '/api/v1/me/password',
        { currentPassword: PASSWORD, newPassword: 'Completely-New-Pass-1' },
        { token: accessToken },
      );
      expect(withRight.status).toBe(400);
      expect(await problemOf(withRight)).toMatchObject({ errors: [{ field: 'currentPassword' }] });
    });

    it('P3: the lock is kept by user id only: no names, emails or passwords in credential_lockout', async () => {
      const { rows } = await db.query(
        `select column_name from information_schema.columns where table_name = 'credential_lockout' order by 1`,
      );
      expect(rows.map((r) => r.column_name)).toEqual(['failures', 'last_failure_at', 'locked_until', 'user_id']);
    });
  });

  describe('per-IP throttling', () => {
    it('P3: after the allowed failures an address gets 429 problem+json with Retry-After, even with the right password; another address is unaffected', async () => {
      const staff = await insertStaff(db, school, PASSWORD);
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
      const staff = await Promise.all([1, 2, 3, 4].map(() => insertStaff(db, school, PASSWORD)));
      for (let round = 0; round < 3; round++) {
        for (const member of staff) expect((await attempt(member.username, PASSWORD, ip)).status).toBe(200);
      }
    });

    it('P3: the throttle lives in the database, shared by replicas: it still holds after identity restarts', async () => {
      const ip = freshIp();
      for (let i = 0; i < IP_LIMIT; i++) await attempt(`unknown.${i}`, WRONG, ip);
      expect((await attempt('unknown.x', WRONG, ip)).status).toBe(429);

      await stack.stopProcess('identity');
      await stack.startProcess('identity');
      await stack.waitUntil(async () => (await stack.readiness()).services?.identity === 'up', 10_000);

      expect((await attempt('unknown.x', WRONG, ip)).status).toBe(429);
      // Addresses are personal data: only their hashes are stored.
      const { rows } = await db.query(`select key_hash from rate_limit`);
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toMatch(/198\.51\./);
    }, 30_000);
  });

  describe('no enumeration', () => {
    it('P3: unknown user and wrong password take about the same time (medians within 30%)', async () => {
      const accounts = await Promise.all([1, 2, 3].map(() => insertStaff(db, school, PASSWORD)));
      const time = async (login: string) => {
        const started = performance.now();
        const response = await attempt(login, WRONG);
        const ms = performance.now() - started;
        expect(response.status).toBe(401);
        return ms;
      };
      await time('warm.up');
      const unknown: number[] = [];
      const wrong: number[] = [];
      for (let i = 0; i < 12; i++) {
        unknown.push(await time(`nobody.${i}`));
        wrong.push(await time(accounts[i % accounts.length].username));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const [u, w] = [median(unknown), median(wrong)];
      expect(Math.abs(u - w) / Math.max(u, w)).toBeLessThan(0.3);
    });
  });
});
