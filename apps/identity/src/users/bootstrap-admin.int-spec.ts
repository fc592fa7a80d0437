import { USER_CREATED } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { PLATFORM_LOGGER } from '@pt/platform';
import { ServiceHarness } from '@pt/testing/service-harness';
import { PasswordHasher } from '../credentials/password-hasher';
import { startIdentityHarness } from '../identity.harness';
import { IdentityConfig } from '../identity.config';
import { BootstrapAdmin } from './bootstrap-admin';

const EMAIL = 'first.admin@platform.test';
const STRONG = 'Lighthouse-Quarry-Violet-58';
/** Refused by the rules: the service's own name and digits. */
const WEAK = 'PupilTracking2026';

describe('The first platform admin from BOOTSTRAP_ADMIN_* (P2)', () => {
  let identity: ServiceHarness;

  /** One start of identity's bootstrap with these variables, on the harness's database. */
  const start = (password: string, email = EMAIL) =>
    new BootstrapAdmin(
      identity.get(UnitOfWork),
      identity.get(PasswordHasher),
      Object.assign(Object.create(IdentityConfig.prototype) as IdentityConfig, identity.get(IdentityConfig), {
        BOOTSTRAP_ADMIN_EMAIL: email,
        BOOTSTRAP_ADMIN_PASSWORD: password,
      }),
      identity.get(PLATFORM_LOGGER),
    ).onApplicationBootstrap();
  const platformAdmins = () =>
    identity.sql<{ username: string; password_hash: string }>(
      `select username, password_hash from user_account where kind = 'platform' order by id`,
    );

  beforeAll(async () => {
    // Started without the variables: no admin until a test's start makes one.
    identity = await startIdentityHarness();
  });
  beforeEach(async () => {
    await identity.sql(`delete from user_account where kind = 'platform'`);
  });
  afterAll(async () => {
    await identity?.stop();
  });

  it('P2: a fresh install refuses to start with a password the rules refuse, naming the variable but not the value, and creates nobody', async () => {
    const refusal = await start(WEAK).catch((error: Error) => error);

    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toMatch(/^BOOTSTRAP_ADMIN_PASSWORD /);
    expect((refusal as Error).message).not.toContain(WEAK);
    expect(await platformAdmins()).toEqual([]);
  });

  it('P2: replicas starting together on a fresh install create one admin, with an argon2id hash and its event', async () => {
    const before = (await identity.staged(USER_CREATED)).length;

    await Promise.all([start(STRONG), start(STRONG), start(STRONG)]);

    const admins = await platformAdmins();
    expect(admins).toEqual([{ username: EMAIL, password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
    expect((await identity.staged(USER_CREATED)).length).toBe(before + 1);
  });

  it('leaves accounts alone once an admin exists, even when the variables now carry a password the rules refuse', async () => {
    await start(STRONG);
    const [admin] = await platformAdmins();

    // An upgrade that tightened the rules, or variables nobody removed: identity still starts.
    await expect(start(WEAK)).resolves.toBeUndefined();
    await expect(start(STRONG, 'someone.else@platform.test')).resolves.toBeUndefined();

    expect(await platformAdmins()).toEqual([admin]);
  });
});
