import { Injectable } from '@nestjs/common';
import { ChangePasswordRequest, MessageContext, PASSWORD_CHANGED } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent } from '@pt/platform';
import { SessionRevocation } from '../sessions/session-revocation';
import { UserRepository } from '../users/user.repository';
import { CredentialRepository } from './credential.repository';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicyService, passwordRefusal } from './password-policy.service';
import { SignInThrottle } from './sign-in-throttle';

const incorrectCurrent = () => BusException.validation([{ field: 'currentPassword', message: 'is not correct' }]);

/**
 * A signed-in user changes their own password (P2): the current one must be given (a
 * stolen access token alone is not enough), the new one must meet the school's policy,
 * and every other session of the user ends (whoever else was signed in is signed out).
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicyService,
    private readonly throttle: SignInThrottle,
    private readonly revocation: SessionRevocation,
  ) {}

  async change(ctx: MessageContext, request: ChangePasswordRequest): Promise<{ endedSessions: number }> {
    // Signed in: the handler's access rule admits nobody without an id.
    const userId = ctx.actor.id!;
    const { user, lockout, problems } = await this.unitOfWork.forContext(ctx, async (em) => {
      const found = await new UserRepository(em).findById(userId);
      if (!found) return { user: null, lockout: null, problems: [] };
      return {
        user: found,
        lockout: await this.throttle.accountState(em, found.id),
        problems: await this.policy.check(em, found, request.newPassword, 'newPassword'),
      };
    });
    if (!user || user.status !== 'active') throw BusException.unauthenticated('unauthenticated', 'Sign in first');
    if (problems.length) throw passwordRefusal(problems);

    // P3 applies here too: guesses at the current password lock the account like failed
    // sign-ins, and while locked the current password is not checked.
    const currentOk = await this.hasher.verify(lockout!.locked ? null : user.passwordHash, request.currentPassword);
    if (!currentOk) {
      if (!lockout!.locked)
        await this.unitOfWork.forContext(ctx, (em) => this.throttle.recordAccountFailure(em, userId));
      throw incorrectCurrent();
    }
    if (request.newPassword === request.currentPassword) {
      throw BusException.validation([{ field: 'newPassword', message: 'must differ from the current password' }]);
    }

    const passwordHash = await this.hasher.hash(request.newPassword);
    const ended = await this.unitOfWork.forContext(ctx, async (em) => {
      await new CredentialRepository(em).setPasswordHash(userId, passwordHash);
      await this.throttle.recordSuccess(em, userId, lockout!);
      stageEvent(em, PASSWORD_CHANGED, ctx, { userId });
      return this.revocation.endAllForUser(em, userId, 'password_changed', {
        exceptSessionId: request.sessionId,
        ctx,
      });
    });
    this.revocation.broadcast(ended, 'password_changed');
    return { endedSessions: ended.length };
  }
}
