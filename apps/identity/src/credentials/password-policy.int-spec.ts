import { BusErrorBody, CHANGE_PASSWORD, SIGN_IN } from '@pt/contracts';
import { anAnonymousCaller, SchoolRef } from '@pt/testing';
import { ServiceHarness } from '@pt/testing/service-harness';
import { randomUUID } from 'node:crypto';
import {
  AccountFixture,
  insertPlatformAccount,
  insertSchool,
  insertStaffAccount,
  startIdentityHarness,
} from '../identity.harness';

const PASSWORD = 'Gradebook-Lark-31';

describe('Password policy at change (P2): identity applies it to CHANGE_PASSWORD', () => {
  let identity: ServiceHarness;
  let defaultSchool: SchoolRef;
  let strictSchool: SchoolRef;
  let laxSchool: SchoolRef;

  const change = (account: AccountFixture, currentPassword: string, newPassword: string) =>
    identity.call(CHANGE_PASSWORD, { currentPassword, newPassword, sessionId: randomUUID() }, account.ctx);

  /** The new password's problems, or 'accepted' (each time on a fresh account, so nothing carries over). */
  const verdict = async (newPassword: string, school = defaultSchool): Promise<string> => {
    const staff = await insertStaffAccount(identity, school, PASSWORD);
    let refusal: BusErrorBody;
    try {
      await change(staff, PASSWORD, newPassword);
      return 'accepted';
    } catch (error) {
      refusal = (error as { body: BusErrorBody }).body;
    }
    expect(refusal).toMatchObject({ kind: 'validation', code: 'password.policy_not_met' });
    expect(refusal.errors!.map((e) => e.field)).toEqual(['newPassword']);
    expect(JSON.stringify(refusal)).not.toContain(newPassword);
    return refusal.errors![0].message;
  };

  beforeAll(async () => {
    identity = await startIdentityHarness();
    defaultSchool = await insertSchool(identity, { concurrentSessions: 'allow' });
    strictSchool = await insertSchool(identity, {
      concurrentSessions: 'allow',
      passwordPolicy: { minLength: 16, passphraseLength: 20 },
    });
    laxSchool = await insertSchool(identity, { concurrentSessions: 'allow', passwordPolicy: { minLength: 8 } });
  });

  afterAll(async () => {
    await identity?.stop();
  });

  describe('changing your own password', () => {
    it('P2: needs the current password: a wrong one is 400 naming currentPassword, and nothing changes', async () => {
      const staff = await insertStaffAccount(identity, defaultSchool, PASSWORD);
      expect(
        await identity.attempt(
          CHANGE_PASSWORD,
          { currentPassword: 'Not-My-Password-1', newPassword: 'Kestrel4Moor-New', sessionId: randomUUID() },
          staff.ctx,
        ),
      ).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'currentPassword', message: 'is not correct' }],
      });
      await identity.call(SIGN_IN, { login: staff.username, password: PASSWORD, userAgent: null }, anAnonymousCaller());
    });

    it('P2: the new password must differ from the current one', async () => {
      const staff = await insertStaffAccount(identity, defaultSchool, PASSWORD);
      expect(
        await identity.attempt(
          CHANGE_PASSWORD,
          { currentPassword: PASSWORD, newPassword: PASSWORD, sessionId: randomUUID() },
          staff.ctx,
        ),
      ).toMatchObject({ errors: [{ field: 'newPassword' }] });
    });
  });

  describe('the default policy', () => {
    it('P2: refuses fewer than 12 characters, and 12 to 15 without capitals, lower case and digits', async () => {
      expect(await verdict('Short1Aa')).toMatch(/at least 12/);
      expect(await verdict('alllowercase12')).toMatch(/capitals, lower case and digits/);
      expect(await verdict('NODIGITSHEREabc')).toMatch(/capitals, lower case and digits/);
      expect(await verdict('Kestrel4Moor')).toBe('accepted');
    });

    it('P2: accepts a passphrase of 16+ characters without particular character classes', async () => {
      expect(await verdict('heron over the marsh')).toBe('accepted');
    });

    it('P2: refuses the most common passwords whatever their case (deny list), even when they meet the rules', async () => {
      expect(await verdict('Qwerty123456')).toMatch(/most commonly used/);
      expect(await verdict('1QAZ2WSX3edc4rfv')).toMatch(/most commonly used/);
      expect(await verdict('administrator')).toMatch(/most commonly used/);
    });

    it('P2: allows up to 128 characters and uses all of them, case-sensitively: never truncated or case-folded', async () => {
      const long = 'Aa1-' + 'lark and heron '.repeat(9).slice(0, 124);
      expect([...long]).toHaveLength(128);
      const staff = await insertStaffAccount(identity, defaultSchool, PASSWORD);
      await change(staff, PASSWORD, long);
      const login = (password: string) =>
        identity.call(SIGN_IN, { login: staff.username, password, userAgent: null }, anAnonymousCaller());
      const refused = (password: string) =>
        login(password).then(
          () => 'signed in',
          (error: { body: BusErrorBody }) => error.body.kind,
        );
      expect(await refused(long.slice(0, 127))).toBe('unauthenticated');
      expect(await refused(long.slice(0, 72))).toBe('unauthenticated');
      expect(await refused(long.toUpperCase())).toBe('unauthenticated');
      expect(await refused(long)).toBe('signed in');
      expect(await verdict(long + 'x')).toMatch(/at most 128/);
    });

    it('P2: counts characters, not bytes', async () => {
      expect(await verdict('Éléphant-Größe-9')).toBe('accepted');
      // 128 characters, more than 128 bytes.
      expect(await verdict('Éé9-' + 'ée-héron-lévrier-'.repeat(8).slice(0, 124))).toBe('accepted');
    });
  });

  describe('strength against what is known of the account (NIST SP 800-63B)', () => {
    it('P2: refuses passwords that meet the character rules but are easy to guess, with the reason in words', async () => {
      expect(await verdict('Passw0rd1234')).toMatch(/too easy to guess: .*commonly used password/);
      expect(await verdict('P@ssw0rd2026')).toMatch(/too easy to guess: .*commonly used password/);
      expect(await verdict('Aa1Aa1Aa1Aa1')).toMatch(/too easy to guess: .*[Rr]epeated/);
    });

    it("P2: refuses the account's username, names and school name with digits, and the service's name", async () => {
      const staff = await insertStaffAccount(identity, defaultSchool, PASSWORD);
      const [school] = await identity.sql<{ name: string }>(`select name from school where id = $1`, [
        defaultSchool.id,
      ]);
      const refusals = [
        `${staff.username}2026`,
        'Alex-Teacher-1984',
        `${school.name.replace(/ /g, '')}!7`,
        'PupilTracking2026',
      ];
      for (const password of refusals) {
        const refusal = await identity.attempt(
          CHANGE_PASSWORD,
          { currentPassword: PASSWORD, newPassword: password, sessionId: randomUUID() },
          staff.ctx,
        );
        expect(refusal).toMatchObject({
          code: 'password.policy_not_met',
          errors: [{ field: 'newPassword', message: expect.stringMatching(/^is too easy to guess: /) }],
        });
        const said = JSON.stringify(refusal);
        for (const secret of [password, staff.username, 'Alex', school.name]) expect(said).not.toContain(secret);
      }
      await change(staff, PASSWORD, 'Kestrel-Moor-2026');
    });
  });

  describe("a school's own policy", () => {
    it("P2: a school's stricter policy binds its users", async () => {
      expect(await verdict('Kestrel4Moor9x', strictSchool)).toMatch(/at least 16/);
      expect(await verdict('heron over marsh ok', strictSchool)).toMatch(/passphrase of at least 20/);
      expect(await verdict('Kestrel4Moor9xyz', strictSchool)).toBe('accepted');
      expect(await verdict('heron over the marsh', strictSchool)).toBe('accepted');
    });

    it('P2: a school cannot make the policy weaker than the default', async () => {
      expect(await verdict('Short1Aa9', laxSchool)).toMatch(/at least 12/);
    });

    it('P2: platform users (no school) keep the default, whatever any school asks', async () => {
      const admin = await insertPlatformAccount(identity, 'Policy-Admin-Pass-1');
      await change(admin, 'Policy-Admin-Pass-1', 'Kestrel4Moor9x');
      await identity.call(
        SIGN_IN,
        { login: admin.username, password: 'Kestrel4Moor9x', userAgent: null },
        anAnonymousCaller(),
      );
    });
  });
});
