import { Injectable } from '@nestjs/common';
import { MessageContext, SignInRequest } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException } from '@pt/platform';
import { LockoutState } from '../credentials/credential-lockout.repository';
import { PasswordHasher } from '../credentials/password-hasher';
import { tooManyRequests } from '../credentials/rate-limiter';
import { ipKey, SignInThrottle } from '../credentials/sign-in-throttle';
import { MaintenanceCalendar } from '../maintenance/maintenance-calendar';
import { ConcurrentSessionPolicy } from '../schools/school.entity';
import { effectivePolicy } from '../sessions/concurrent-sessions';
import { SignInAccount, SignInRepository } from './sign-in.repository';

const NO_FAILURES: LockoutState = { hasFailures: false, locked: false };

const invalidCredentials = () =>
  BusException.unauthenticated('sign_in.invalid_credentials', 'The sign-in details are not correct');

/** Someone the guard let through, with what starting their session must respect. */
export interface AdmittedSignIn {
  user: SignInAccount;
  /** Earlier failures to forget now that the password was right (P3). */
  clearLockout: boolean;
  /** P5: how this sign-in treats the user's other sessions. */
  policy: ConcurrentSessionPolicy;
}

/**
 * Who may sign in: the address's rate (P3), the account's lockout (P3), the password,
 * and maintenance in the account's scope (P13). Reads everything in one statement and
 * records a failure; starting the session is SessionStarter's.
 */
@Injectable()
export class SignInGuard {
  constructor(
    private readonly signIns: SignInRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: SignInThrottle,
    private readonly maintenance: MaintenanceCalendar,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async admit(ctx: MessageContext, request: SignInRequest): Promise<AdmittedSignIn> {
    const state = await this.signIns.lookup(request.login, { key: ipKey(ctx.ip), rule: this.throttle.ipRule });
    const user = state.account;
    // P3: an address over its failed attempts is stopped before any password is looked at.
    if (state.ipWaitSeconds !== null) throw tooManyRequests(state.ipWaitSeconds);
    const lockout = user ? state.lockout : NO_FAILURES;
    // Unknown user, inactive user, locked account and wrong password: the same answer after
    // the same work. A locked account's own hash is not even tried (a decoy is, for the time).
    const checkable = user?.status === 'active' && !lockout.locked ? user.passwordHash : null;
    const passwordOk = await this.hasher.verify(checkable, request.password);
    if (!user || !passwordOk) {
      await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
        this.throttle.recordFailure(em, ctx.ip, user ? { userId: user.id, locked: lockout.locked } : null),
      );
      throw invalidCredentials();
    }
    // P13: in-memory; after the password check, so the refusal reveals nothing to a stranger.
    this.maintenance.refuseSignIn(user);
    return {
      user,
      clearLockout: lockout.hasFailures,
      policy: effectivePolicy(user.tenantId, state.concurrentSessions),
    };
  }
}
