import { BusErrorBody, CHANGE_PASSWORD, MessageContext, SIGN_IN } from '@pt/contracts';
import { anAnonymousCaller, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import { AccountFixture, insertSchool, insertStaffAccount, startIdentityHarness } from '../identity.harness';

const PASSWORD = 'Register-Heron-77';
const WRONG = 'Register-Heron-78';

/** A fresh documentation-range address per call, so that the per-IP allowance never interferes. */
let lastOctets = 0;
const freshIp = () => {
  lastOctets += 1;
  return `198.51.${Math.floor(lastOctets / 250)}.${(lastOctets % 250) + 1}`;
};
const fromFreshIp = (): MessageContext => ({ ...anAnonymousCaller(), ip: freshIp() });

describe('Brute force is stalled (P3): per-account lockout with back-off (identity)', () => {
  let identity: ServiceHarness;
  let school: SchoolRef;

  /** The sign-in's outcome: 'signed in', or the refusal the gateway turns into problem+json. */
  const attempt = (login: string, password: string): Promise<'signed in' | BusErrorBody> =>
    identity.call(SIGN_IN, { login, password, userAgent: null }, fromFreshIp()).then(
      () => 'signed in' as const,
      (error: { body: BusErrorBody }) => error.body,
    );
  const fail = async (staff: AccountFixture, times: number) => {
    for (let i = 0; i < times; i++)
      expect(await attempt(staff.username, WRONG)).toMatchObject({ kind: 'unauthenticated' });
  };
  /** Seconds the account stays locked for, by the database's clock (null: not locked). */
  const lockSeconds = async (staff: AccountFixture): Promise<number | null> => {
    const rows = await identity.sql<{ s: number | null }>(
      `select extract(epoch from locked_until - now())::float8 as s from credential_lockout where user_id = $1`,
      [staff.id],
    );
    const seconds = rows[0]?.s;
    return seconds === null || seconds === undefined || seconds <= 0 ? null : seconds;
  };
  /** Moves the lock's end to now, as if its time had passed. */
  const letLockPass = (staff: AccountFixture) =>
    identity.sql(`update credential_lockout set locked_until = now() where user_id = $1`, [staff.id]);

  beforeAll(async () => {
    identity = await startIdentityHarness({
      SIGN_IN_LOCKOUT_THRESHOLD: '5',
      SIGN_IN_LOCKOUT_BASE_SECONDS: '2',
      SIGN_IN_LOCKOUT_MAX_SECONDS: '8',
      SIGN_IN_IP_LIMIT: '6',
      SIGN_IN_IP_WINDOW_SECONDS: '600',
    });
    school = await insertSchool(identity, { concurrentSessions: 'allow' });
  });

  afterAll(async () => {
    await identity?.stop();
  });

  it('P3: after 5 failures even the right password gets the same 401 sign_in.invalid_credentials as a wrong one, until the lock ends', async () => {
    const staff = await insertStaffAccount(identity, school, PASSWORD);
    await fail(staff, 4);
    expect(await attempt(staff.username, PASSWORD)).toBe('signed in');
    await fail(staff, 5);

    const wrong = await attempt(staff.username, WRONG);
    const right = await attempt(staff.username, PASSWORD);
    expect(right).toEqual(wrong);
    expect(wrong).toMatchObject({ kind: 'unauthenticated', code: 'sign_in.invalid_credentials' });
    expect(JSON.stringify(wrong)).not.toMatch(/lock/i);

    const deadline = Date.now() + 5000;
    while ((await lockSeconds(staff)) !== null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await attempt(staff.username, PASSWORD)).toBe('signed in');
  });

  it('P3: an unknown account answers exactly like a locked one', async () => {
    const staff = await insertStaffAccount(identity, school, PASSWORD);
    await fail(staff, 5);
    const locked = await attempt(staff.username, PASSWORD);
    const unknown = await attempt('nobody.here', PASSWORD);
    expect(locked).toEqual(unknown);
  });

  it('P3: the lock grows: each failure after a lock doubles it up to the maximum; attempts while locked do not extend it', async () => {
    const staff = await insertStaffAccount(identity, school, PASSWORD);
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
    const staff = await insertStaffAccount(identity, school, PASSWORD);
    await fail(staff, 6);
    await letLockPass(staff);
    expect(await attempt(staff.username, PASSWORD)).toBe('signed in');
    expect(await identity.sql(`select 1 from credential_lockout where user_id = $1`, [staff.id])).toHaveLength(0);
    await fail(staff, 4);
    expect(await lockSeconds(staff)).toBeNull();
  });

  it('P3: a signed-in user guessing at their current password (password change) is locked out the same way', async () => {
    const staff = await insertStaffAccount(identity, school, PASSWORD);
    expect(await attempt(staff.username, PASSWORD)).toBe('signed in');
    const change = (currentPassword: string) =>
      identity.attempt(
        CHANGE_PASSWORD,
        { currentPassword, newPassword: 'Completely-New-Pass-1', sessionId: randomUUID() },
        staff.ctx,
      );
    for (let i = 0; i < 5; i++) expect((await change(`Guess-Number-${i}0`)).kind).toBe('validation');
    expect(await lockSeconds(staff)).toBeCloseTo(2, 0);
    const withRight = await change(PASSWORD);
    expect(withRight).toMatchObject({ kind: 'validation', errors: [{ field: 'currentPassword' }] });
  });

  it('P3: the lock is kept by user id only: no names, emails or passwords in credential_lockout', async () => {
    const rows = await identity.sql<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = 'credential_lockout' order by 1`,
    );
    expect(rows.map((r) => r.column_name)).toEqual(['failures', 'last_failure_at', 'locked_until', 'user_id']);
  });
});
