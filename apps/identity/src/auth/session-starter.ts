import { Injectable } from '@nestjs/common';
import { MessageContext, SESSION_STARTED, SignInReply, SignInRequest } from '@pt/contracts';
import { eventEnvelope, uuid7 } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { AccessResolver } from '../roles/access-resolver';
import { ConcurrentSessions } from '../sessions/concurrent-sessions';
import { TokenIssuer } from '../tokens/token-issuer';
import { eventCtx } from './event-ctx';
import { AdmittedSignIn } from './sign-in-guard';
import { NewSession, SignInRepository } from './sign-in.repository';

/**
 * Starts the session of someone SignInGuard admitted, under their school's policy for
 * other sessions (P5), and answers with their tokens.
 */
@Injectable()
export class SessionStarter {
  constructor(
    private readonly signIns: SignInRepository,
    private readonly concurrentSessions: ConcurrentSessions,
    private readonly tokens: TokenIssuer,
    private readonly access: AccessResolver,
    private readonly config: IdentityConfig,
  ) {}

  async start(ctx: MessageContext, admitted: AdmittedSignIn, request: SignInRequest): Promise<SignInReply> {
    const { user, policy } = admitted;
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
      clearLockout: admitted.clearLockout,
      event: eventEnvelope(SESSION_STARTED, actorCtx, { sessionId: session.id, userId: user.id }),
    };
    // P5: most sign-ins find no other live session of the user: one statement records it.
    // Otherwise the school's policy admits it (ending or refusing the others) first.
    if (!(await this.signIns.startSession(session, { ...start, exclusive: policy !== 'allow' }))) {
      await this.concurrentSessions.admitThen(user, actorCtx, policy, (em) =>
        this.signIns.startSession(session, { ...start, exclusive: false }, em),
      );
    }
    const access = await this.access.resolveFor(user);
    const pair = this.tokens.issue(user, session, refresh.token, access);
    const reply = csrf ? { ...pair, csrfToken: csrf.token } : pair;
    // P4: the username (never the email) only when the user asked to be remembered.
    return request.rememberUsername === true ? { ...reply, username: user.username } : reply;
  }
}
