import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  MessageContext,
  RefreshRequest,
  SESSION_ENDED,
  SESSION_STARTED,
  SESSIONS_REVOKED_SUBJECT,
  SessionsRevoked,
  SignInRequest,
  TokenPair,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import {
  BusException,
  encodeJson,
  NATS_CONNECTION,
  stageEvent,
  SUBJECT_NAMESPACE,
  SubjectNamespace,
  uuid7,
} from '@pt/platform';
import { NatsConnection } from 'nats';
import { PasswordHasher } from '../credentials/password-hasher';
import { AccessResolver } from '../roles/access-resolver';
import { IdentityConfig } from '../identity.config';
import { Session } from '../sessions/session.entity';
import { SessionRepository } from '../sessions/session.repository';
import { hashSecret, parseRefreshToken, TokenIssuer } from '../tokens/token-issuer';
import { UserAccount } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';

/** How many replaced refresh-token hashes a session remembers for reuse detection. */
const REMEMBERED_REFRESH_HASHES = 50;

const invalidCredentials = () =>
  BusException.unauthenticated('invalid_credentials', 'The sign-in details are not correct');
const invalidRefresh = () =>
  BusException.unauthenticated('invalid_refresh_token', 'The refresh token is not valid; sign in again');

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
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
  ) {}

  async signIn(ctx: MessageContext, request: SignInRequest): Promise<TokenPair> {
    const user = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new UserRepository(em).findByLogin(request.login));
    // Unknown user and wrong password: same answer, same work (a decoy hash is verified).
    const passwordOk = await this.hasher.verify(user?.status === 'active' ? user.passwordHash : null, request.password);
    if (!user || !passwordOk) throw invalidCredentials();

    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const sessionId = uuid7();
      const refresh = this.tokens.newRefreshSecret(sessionId);
      const session = new Session();
      Object.assign(session, {
        id: sessionId,
        tenantId: user.tenantId,
        userId: user.id,
        refreshHash: refresh.hash,
        expiresAt: new Date(Date.now() + this.config.SESSION_ABSOLUTE_HOURS * 3600 * 1000),
        userAgent: request.userAgent?.slice(0, 512) ?? null,
        ip: ctx.ip,
      });
      new SessionRepository(em).add(session);
      await em.nativeUpdate(UserAccount, { id: user.id }, { lastSignInAt: new Date() });
      stageEvent(em, SESSION_STARTED, eventCtx(ctx, user), { sessionId, userId: user.id });
      return this.tokens.issue(user, sessionId, refresh.token, await this.access.resolve(em, user));
    });
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
        this.end(em, ctx, session, user, 'refresh_token_reuse');
        return { error: invalidRefresh(), revoked: session };
      }
      if (session.refreshHash !== presented || !session.isLive(new Date()) || user?.status !== 'active') {
        return { error: invalidRefresh() };
      }
      const next = this.tokens.newRefreshSecret(session.id);
      session.previousRefreshHashes = [session.refreshHash, ...session.previousRefreshHashes].slice(
        0,
        REMEMBERED_REFRESH_HASHES,
      );
      session.refreshHash = next.hash;
      session.lastSeenAt = new Date();
      return { pair: this.tokens.issue(user, session.id, next.token, await this.access.resolve(em, user)) };
    });
    if (outcome.revoked) this.broadcastRevoked([outcome.revoked]);
    if (outcome.error) throw outcome.error;
    return outcome.pair!;
  }

  async signOut(ctx: MessageContext, sessionId: string): Promise<{ ended: boolean }> {
    const ended = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const session = await new SessionRepository(em).findForUpdate(sessionId);
      // Only the session's own user may end it this way.
      if (!session || session.userId !== ctx.actor.id || session.endedAt) return null;
      const user = await new UserRepository(em).findById(session.userId);
      this.end(em, ctx, session, user, 'signed_out');
      return session;
    });
    if (ended) this.broadcastRevoked([ended]);
    return { ended: ended !== null };
  }

  private end(
    em: EntityManager,
    ctx: MessageContext,
    session: Session,
    user: UserAccount | null,
    reason: string,
  ): void {
    session.endedAt = new Date();
    session.endReason = reason;
    stageEvent(
      em,
      SESSION_ENDED,
      { ...eventCtx(ctx, user), tenantId: session.tenantId },
      {
        sessionId: session.id,
        userId: session.userId,
        reason,
      },
    );
  }

  /** Every gateway replica drops these sessions' access tokens at once. */
  private broadcastRevoked(sessions: Session[]): void {
    const until = Math.ceil(Date.now() / 1000) + this.config.ACCESS_TOKEN_TTL_SECONDS;
    const message: SessionsRevoked = { sessionIds: sessions.map((s) => s.id), until };
    this.nc.publish(this.subjects.wire(SESSIONS_REVOKED_SUBJECT), encodeJson(message));
  }
}

function eventCtx(
  ctx: MessageContext,
  user: UserAccount | null,
): Pick<MessageContext, 'tenantId' | 'actor' | 'requestId'> {
  return {
    tenantId: user?.tenantId ?? null,
    actor: user ? { id: user.id, kind: user.kind, roles: user.roles } : ctx.actor,
    requestId: ctx.requestId,
  };
}
