import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SYSTEM_ACTOR, USER_CREATED } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
import { Logger } from 'pino';
import { PasswordHasher } from '../credentials/password-hasher';
import { passwordProblems } from '../credentials/password-policy';
import { IdentityConfig } from '../identity.config';
import { UserAccount } from './user.entity';
import { UserRepository } from './user.repository';

export const PLATFORM_ADMIN_ROLE = 'platform-admin';
const BOOTSTRAP_ADMIN_NAMES = { firstName: 'Platform', lastName: 'Administrator' };

/**
 * Creates the first platform admin from BOOTSTRAP_ADMIN_EMAIL / _PASSWORD when no
 * platform admin exists yet, so a fresh install can be signed into; a password the rules
 * refuse stops that start. Later starts leave accounts alone and do not read the variables
 * (they can then be removed).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly config: IdentityConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL;
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD;
    if (!email || !password) return;
    // Serialised across replicas starting together by a transaction-level advisory lock.
    const created = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('bootstrap-admin'))`);
      const users = new UserRepository(em);
      // Once an admin exists the variables are not read: a password today's rules would refuse (after an upgrade
      // that tightened them) must not stop identity starting, and the strength check's dictionaries (about 0.4 s of
      // CPU) are not loaded at every start for nothing.
      if (await users.platformAdminExists()) return false;
      const problems = passwordProblems(password, undefined, 'BOOTSTRAP_ADMIN_PASSWORD', {
        email,
        username: email,
        firstName: BOOTSTRAP_ADMIN_NAMES.firstName,
        lastName: BOOTSTRAP_ADMIN_NAMES.lastName,
      });
      if (problems.length) throw new Error(`BOOTSTRAP_ADMIN_PASSWORD ${problems[0].message}`);
      const admin = new UserAccount();
      Object.assign(admin, {
        id: uuid7(),
        tenantId: null,
        kind: 'platform',
        username: email.toLowerCase(),
        email: email.toLowerCase(),
        ...BOOTSTRAP_ADMIN_NAMES,
        passwordHash: await this.hasher.hash(password),
        roles: [PLATFORM_ADMIN_ROLE],
        status: 'active',
      });
      users.add(admin);
      stageEvent(
        em,
        USER_CREATED,
        { tenantId: null, actor: SYSTEM_ACTOR, requestId: 'bootstrap' },
        {
          userId: admin.id,
          kind: 'platform',
        },
      );
      return true;
    });
    if (created) this.logger.info('first platform admin created from BOOTSTRAP_ADMIN_EMAIL');
  }
}
