import { Inject, Injectable } from '@nestjs/common';
import {
  MessageContext,
  PASSWORD_RESET_COMPLETED,
  PASSWORD_RESET_REQUESTED,
  PasswordResetAccepted,
  PasswordResetRequest,
  RedeemTokenRequest,
  USER_ACTIVATED,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, PLATFORM_LOGGER, stageEvent } from '@pt/platform';
import { Logger } from 'pino';
import { CredentialLockoutRepository } from '../credentials/credential-lockout.repository';
import { PasswordHasher } from '../credentials/password-hasher';
import { PasswordPolicyService, passwordRefusal } from '../credentials/password-policy.service';
import { RateLimiter } from '../credentials/rate-limiter';
import { IdentityConfig } from '../identity.config';
import { Mailer } from '../mail/mailer';
import { SessionRevocation } from '../sessions/session-revocation';
import { AccountLinks } from './invitations';
import { UserAccount } from './user.entity';
import { UserRepository } from './user.repository';
import { UserTokenPurpose } from './user-token.entity';
import { UserTokenRepository } from './user-token.repository';

/** Said for every reset request, whether or not the account exists (P6: no enumeration). */
export const RESET_ACCEPTED: PasswordResetAccepted = Object.freeze({
  accepted: true,
  message: 'If the account exists, a message with a link to reset its password has been sent to its email address.',
}) as PasswordResetAccepted;

const invalidLink = () =>
  new BusException({
    kind: 'validation',
    code: 'token.invalid',
    message: 'The link is not valid: it has expired, was already used, or a newer one was sent',
    errors: [{ field: 'token', message: 'is not valid or has expired' }],
  });

const trainingRequired = (userId: string) =>
  BusException.conflict(
    'user.security_training_required',
    'A platform account can be activated only once its security training is recorded',
    { userId },
  );

/**
 * The public, token-carrying routes: setting a first password from an invitation (which
 * activates the account) and the password reset (P6). They run in platform scope like
 * sign-in does: before anyone signs in, nobody's school is known; the link's secret finds
 * the one user it was issued for.
 */
@Injectable()
export class PasswordLinksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicyService,
    private readonly limiter: RateLimiter,
    private readonly links: AccountLinks,
    private readonly mailer: Mailer,
    private readonly sessions: SessionRevocation,
    private readonly config: IdentityConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  /** P1/P10: the invitation's link sets the first password and activates the account. */
  async acceptInvitation(ctx: MessageContext, request: RedeemTokenRequest): Promise<{ activated: true }> {
    await this.redeem(ctx, request, 'set-password', (user) => {
      if (user.status !== 'invited') throw invalidLink();
    });
    return { activated: true };
  }

  /**
   * P6: always the same answer, whether the login names an account or not, and the
   * email goes out after the reply so both take about as long. Throttled per IP (429,
   * the same for every login) and per account (silently: no more mail, same answer).
   */
  async requestReset(ctx: MessageContext, request: PasswordResetRequest): Promise<PasswordResetAccepted> {
    await this.limiter.consume(
      `password-reset:ip:${ctx.ip ?? 'unknown'}`,
      this.rule(this.config.PASSWORD_RESET_IP_LIMIT),
    );
    const login = request.login.trim().toLowerCase();
    const found = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new UserRepository(em).findByLogin(login));
    // Keyed the same way for unknown logins, so throttling behaves identically for both.
    const accountAllowed = await this.limiter
      .consume(`password-reset:account:${found?.id ?? login}`, this.rule(this.config.PASSWORD_RESET_ACCOUNT_LIMIT))
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof BusException && error.kind === 'too_many_requests') return false;
          throw error;
        },
      );
    if (!found || !accountAllowed || found.status === 'deactivated') return RESET_ACCEPTED;
    const mail = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const user = await new UserRepository(em).findById(found.id);
      if (!user || user.status === 'deactivated') return null;
      const mail = await this.links.passwordReset(em, user);
      stageEvent(em, PASSWORD_RESET_REQUESTED, { ...ctx, tenantId: user.tenantId }, { userId: user.id });
      return mail;
    });
    if (mail) void this.mailer.send(mail);
    return RESET_ACCEPTED;
  }

  /**
   * P6: the reset link sets a new password, works once, and ends every session of the
   * account (whoever knew the old password is signed out). An invited user who uses it
   * is activated, as the link proves the same mailbox an invitation does; P10 still holds.
   */
  async confirmReset(ctx: MessageContext, request: RedeemTokenRequest): Promise<{ reset: true }> {
    const ended = await this.redeem(ctx, request, 'password-reset', (user) => {
      if (user.status === 'deactivated') throw invalidLink();
    });
    this.sessions.broadcast(ended, 'password_reset');
    return { reset: true };
  }

  /** Checks the link, the account and the password; sets it; burns every link of the user. */
  private async redeem(
    ctx: MessageContext,
    request: RedeemTokenRequest,
    purpose: UserTokenPurpose,
    accountCheck: (user: UserAccount) => void,
  ): Promise<string[]> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const tokens = new UserTokenRepository(em);
      const token = await tokens.findLiveForUpdate(request.token, purpose);
      if (!token) throw invalidLink();
      const user = await new UserRepository(em).findById(token.userId);
      if (!user) throw invalidLink();
      accountCheck(user);
      // Refused before anything changes, so the link still works once training is recorded.
      if (user.kind === 'platform' && user.status !== 'active' && !user.securityTrainingCompletedAt) {
        throw trainingRequired(user.id);
      }
      const problems = await this.policy.check(em, user, request.password, 'password');
      if (problems.length) throw passwordRefusal(problems);
      const eventCtx = {
        tenantId: user.tenantId,
        actor: { id: user.id, kind: user.kind, roles: user.roles },
        requestId: ctx.requestId,
        ip: ctx.ip,
      };
      user.passwordHash = await this.hasher.hash(request.password);
      const wasInvited = user.status === 'invited';
      user.status = 'active';
      await tokens.deleteAllOf(user.id);
      if (wasInvited) stageEvent(em, USER_ACTIVATED, eventCtx, { userId: user.id });
      if (purpose === 'set-password') return [];
      stageEvent(em, PASSWORD_RESET_COMPLETED, eventCtx, { userId: user.id });
      // The link proved the mailbox: a lockout from someone else's guesses (P3) ends with the old password.
      await new CredentialLockoutRepository(em).clear(user.id);
      const ended = await this.sessions.endAllForUser(em, user.id, 'password_reset', { ctx: eventCtx });
      this.logger.info({ userId: user.id, sessionsEnded: ended.length }, 'reset link used, sessions ended');
      return ended;
    });
  }

  private rule(limit: number) {
    return { limit, windowSeconds: this.config.PASSWORD_RESET_WINDOW_MINUTES * 60 };
  }
}
