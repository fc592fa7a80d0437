import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { MessageContext, RefreshRequest, SESSION_STARTED, SignInReply, SignInRequest, TokenPair } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Clock, BusException, eventEnvelope, uuid7 } from '@pt/platform';
import { LockoutState } from '../credentials/credential-lockout.repository';
import { PasswordHasher } from '../credentials/password-hasher';
import { tooManyRequests } from '../credentials/rate-limiter';
import { ipKey, SignInThrottle } from '../credentials/sign-in-throttle';
import { IdentityConfig } from '../identity.config';
import { MaintenanceCalendar } from '../maintenance/maintenance-calendar';
import { AccessResolver } from '../roles/access-resolver';
import { ConcurrentSessions, effectivePolicy } from '../sessions/concurrent-sessions';
import { SessionRevocation } from '../sessions/session-revocation';
import { SessionRepository } from '../sessions/session.repository';
import { hashSecret, parseRefreshToken, TokenIssuer } from '../tokens/token-issuer';
import { UserAccount } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { NewSession, SignInRepository } from './sign-in.repository';

/** How many replaced refresh-token hashes a session remembers for reuse detection. */
const REMEMBERED_REFRESH_HASHES = 50;

const NO_FAILURES: LockoutState = { hasFailures: false, locked: false };

const invalidCredentials = () =>
  BusException.unauthenticated('invalid_credentials', 'The sign-in details are not correct');
const invalidRefresh = () =>
  BusException.unauthenticated('invalid_refresh_token', 'The refresh token is not valid; sign in again');
const csrfFailed = () =>
  BusException.forbidden('csrf_failed', 'The x-csrf-token header is missing or does not belong to this session');
const sessionIdle = () =>
  BusException.unauthenticated('session_idle', 'This session ended after a period without activity; sign in again');
const sessionReplaced = () =>
  BusException.unauthenticated('session_replaced', 'This session ended because the account signed in elsewhere');

/**
 * Sign-in, refresh and sign-out. Runs in platform scope: before sign-in nobody's school
 * is known, and a refresh token names its session, not its school.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly access: AccessResolver,
    private readonly config: IdentityConfig,
    private readonly throttle: SignInThrottle,
    private readonly concurrentSessions: ConcurrentSessions,
    private readonly revocation: SessionRevocation,
    private readonly maintenance: MaintenanceCalendar,
    private readonly clock: Clock,
    private readonly signIns: SignInRepository,
  ) {}

  async signIn(ctx: MessageContext, request: SignInRequest): Promise<SignInReply> {
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

    const actorCtx = eventCtx(ctx, user);
    const sessionId = uuid7();
    const refresh = this.tokens.newRefreshSecret(sessionId);
    const csrf = request.mode === 'cookie' ? this.tokens.newCsrfToken() : null;
    const session: NewSession = {
      id: sessionId,
      tenantId: user.tenantId,
      userId: user.id,
      refreshHash: refresh.hash,
      csrfHash: csrf?.hash ?? null,
      expiresAt: new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600 * 1000),
      userAgent: request.userAgent?.slice(0, 512) ?? null,
      ip: ctx.ip,
    };
    const start = {
      clearLockout: lockout.hasFailures,
      event: eventEnvelope(SESSION_STARTED, actorCtx, { sessionId: session.id, userId: user.id }),
    };
    // P5: most sign-ins find no other live session of the user: one statement records it.
    // Otherwise the school's policy admits it (ending or refusing the others) first.
    const policy = effectivePolicy(user.tenantId, state.concurrentSessions);
    let replaced: string[] = [];
    if (!(await this.signIns.startSession(session, { ...start, exclusive: policy !== 'allow' }))) {
      replaced = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
        const ended = await this.concurrentSessions.admit(em, user, actorCtx, policy);
        await this.signIns.startSession(session, { ...start, exclusive: false }, em);
        return ended;
      });
      this.revocation.broadcast(replaced, 'session_replaced');
    }
    const access = await this.access.resolveFor(user);
    const pair = this.tokens.issue(user, session, refresh.token, access);
    const reply = csrf ? { ...pair, csrfToken: csrf.token } : pair;
    // P4: the username (never the email) only when the user asked to be remembered.
    return request.rememberUsername === true ? { ...reply, username: user.username } : reply;
  }

  async refresh(ctx: MessageContext, request: RefreshRequest): Promise<TokenPair> {
    const parsed = parseRefreshToken(request.refreshToken);
    if (!parsed) throw invalidRefresh();
    const outcome = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const sessions = new SessionRepository(em);
      const session = await sessions.findForUpdate(parsed.sessionId);
      if (!session) return { error: invalidRefresh() };
      const presented = hashSecret(parsed.secret);
      const user = await new UserRepository(em).findById(session.userId);
      if (session.previousRefreshHashes.includes(presented) && session.isLive(new Date())) {
        // A refresh token used twice: one of the two holders stole it. End the session.
        this.revocation.endOne(em, session, 'refresh_token_reuse', eventCtx(ctx, user));
        return { error: invalidRefresh(), revoked: session, reason: 'refresh_token_reuse' as const };
      }
      if (session.refreshHash === presented && session.endReason === 'session_replaced') {
        // P5: the holder of the current refresh token learns why, so a client can say so.
        return { error: sessionReplaced() };
      }
      if (session.refreshHash !== presented || !session.isLive(new Date()) || user?.status !== 'active') {
        return { error: invalidRefresh() };
      }
      if (session.lastSeenAt.getTime() < this.clock.nowMs() - this.config.SESSION_IDLE_MINUTES * 60_000) {
        // P13: idle past the limit but not yet swept: it ends now rather than coming back to life.
        this.revocation.endOne(em, session, 'idle', eventCtx(ctx, user));
        return { error: sessionIdle(), revoked: session, reason: 'idle' as const };
      }
      if (request.csrfToken !== undefined && !csrfMatches(session.csrfHash, request.csrfToken)) {
        // P4: a refresh token sent by the browser's cookie needs the session's CSRF token too.
        return { error: csrfFailed() };
      }
      const next = this.tokens.newRefreshSecret(session.id);
      session.previousRefreshHashes = [session.refreshHash, ...session.previousRefreshHashes].slice(
        0,
        REMEMBERED_REFRESH_HASHES,
      );
      session.refreshHash = next.hash;
      session.lastSeenAt = new Date();
      return { pair: this.tokens.issue(user, session, next.token, await this.access.resolve(em, user)) };
    });
    if (outcome.revoked) this.revocation.broadcast([outcome.revoked.id], outcome.reason);
    if (outcome.error) throw outcome.error;
    return outcome.pair!;
  }

  async signOut(ctx: MessageContext, sessionId: string): Promise<{ ended: boolean }> {
    const ended = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const session = await new SessionRepository(em).findForUpdate(sessionId);
      // Only the session's own user may end it this way.
      if (!session || session.userId !== ctx.actor.id || session.endedAt) return null;
      this.revocation.endOne(em, session, 'signed_out', ctx);
      return session;
    });
    if (ended) this.revocation.broadcast([ended.id], 'signed_out');
    return { ended: ended !== null };
  }

  /** Every session of the signed-in user, this one included, on every device. */
  async signOutEverywhere(ctx: MessageContext): Promise<{ ended: number }> {
    // Signed in: the handler's access rule admits nobody without an id.
    const userId = ctx.actor.id!;
    const ended = await this.unitOfWork.forContext(ctx, (em) =>
      this.revocation.endAllForUser(em, userId, 'signed_out_everywhere', { ctx }),
    );
    this.revocation.broadcast(ended, 'signed_out_everywhere');
    return { ended: ended.length };
  }
}

function csrfMatches(expectedHash: string | null, token: string | null): boolean {
  if (!expectedHash || !token) return false;
  const presented = Buffer.from(hashSecret(token));
  const expected = Buffer.from(expectedHash);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

function eventCtx(
  ctx: MessageContext,
  user: Pick<UserAccount, 'id' | 'tenantId' | 'kind' | 'roles'> | null,
): Pick<MessageContext, 'tenantId' | 'actor' | 'requestId'> {
  return {
    tenantId: user?.tenantId ?? null,
    actor: user ? { id: user.id, kind: user.kind, roles: user.roles } : ctx.actor,
    requestId: ctx.requestId,
  };
}
