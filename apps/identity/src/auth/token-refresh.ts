import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { MessageContext, RefreshRequest, TokenPair } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, Clock } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { AccessResolver } from '../roles/access-resolver';
import { SessionRevocation } from '../sessions/session-revocation';
import { Session } from '../sessions/session.entity';
import { SessionRepository } from '../sessions/session.repository';
import { hashSecret, parseRefreshToken, TokenIssuer } from '../tokens/token-issuer';
import { UserRepository } from '../users/user.repository';
import { eventCtx } from './event-ctx';

/** How many replaced refresh-token hashes a session remembers for reuse detection. */
const REMEMBERED_REFRESH_HASHES = 50;

const invalidRefresh = () =>
  BusException.unauthenticated('session.invalid_refresh_token', 'The refresh token is not valid; sign in again');
const csrfFailed = () =>
  BusException.forbidden(
    'session.csrf_failed',
    'The x-csrf-token header is missing or does not belong to this session',
  );
const sessionIdle = () =>
  BusException.unauthenticated('session.idle', 'This session ended after a period without activity; sign in again');
const sessionReplaced = () =>
  BusException.unauthenticated('session.replaced', 'This session ended because the account signed in elsewhere');

/**
 * A refresh token for a new pair: it rotates on every use, and one used twice ends its
 * session (one of its holders stole it), except the token just replaced, presented again
 * within the short grace (two tabs refreshing at once), which gets the same new one. Runs in platform scope: a refresh token names
 * its session, not its school. Role changes reach the user here (access is resolved anew).
 */
@Injectable()
export class TokenRefresh {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokenIssuer,
    private readonly access: AccessResolver,
    private readonly revocation: SessionRevocation,
    private readonly config: IdentityConfig,
    private readonly clock: Clock,
  ) {}

  async refresh(ctx: MessageContext, request: RefreshRequest): Promise<TokenPair> {
    const parsed = parseRefreshToken(request.refreshToken);
    if (!parsed) throw invalidRefresh();
    const outcome = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const sessions = new SessionRepository(em);
      // The row lock orders concurrent refreshes of one session: the second sees the first's rotation.
      const session = await sessions.findForUpdate(parsed.sessionId);
      if (!session) return { error: invalidRefresh() };
      const presented = hashSecret(parsed.secret);
      const user = await new UserRepository(em).findById(session.userId);
      const successor = this.tokens.rotatedRefreshSecret(session.id, parsed.secret);
      const current = session.refreshHash === presented;
      const replay = !current && this.withinGrace(session, presented, successor.hash);
      if (!current && !replay && session.previousRefreshHashes.includes(presented) && session.isLive(new Date())) {
        // A refresh token used twice outside the grace: one of the two holders stole it. End the session.
        this.revocation.endOne(em, session, 'refresh_token_reuse', eventCtx(ctx, user));
        return { error: invalidRefresh(), revoked: session, reason: 'refresh_token_reuse' as const };
      }
      if (current && session.endReason === 'session_replaced') {
        // P5: the holder of the current refresh token learns why, so a client can say so.
        return { error: sessionReplaced() };
      }
      if ((!current && !replay) || !session.isLive(new Date()) || user?.status !== 'active') {
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
      if (current) {
        session.previousRefreshHashes = [session.refreshHash, ...session.previousRefreshHashes].slice(
          0,
          REMEMBERED_REFRESH_HASHES,
        );
        session.refreshHash = successor.hash;
        session.refreshRotatedAt = new Date(this.clock.nowMs());
      }
      // A replay within the grace gets the refresh token the first request was given (the
      // same successor), so the session stays one session with one live refresh token.
      session.lastSeenAt = new Date();
      return { pair: this.tokens.issue(user, session, successor.token, await this.access.resolve(em, user)) };
    });
    if (outcome.revoked) this.revocation.broadcast([outcome.revoked.id], outcome.reason);
    if (outcome.error) throw outcome.error;
    return outcome.pair!;
  }

  /**
   * The token presented is the one the latest rotation replaced, that rotation is at most
   * REFRESH_REUSE_GRACE_SECONDS old, and the current token is still the one it rotated to
   * (nothing has rotated since). An older token, or this one after the grace, is reuse.
   */
  private withinGrace(session: Session, presented: string, successorHash: string): boolean {
    const rotatedAt = session.refreshRotatedAt?.getTime();
    return (
      rotatedAt !== undefined &&
      session.previousRefreshHashes[0] === presented &&
      session.refreshHash === successorHash &&
      this.clock.nowMs() - rotatedAt <= this.config.REFRESH_REUSE_GRACE_SECONDS * 1000
    );
  }
}

function csrfMatches(expectedHash: string | null, token: string | null): boolean {
  if (!expectedHash || !token) return false;
  const presented = Buffer.from(hashSecret(token));
  const expected = Buffer.from(expectedHash);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
