import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  REVOKED_SESSIONS,
  SESSIONS_REVOKED_BROADCAST,
  SessionEndReason,
  SessionsRevoked,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { Broadcasts, BusClient, PLATFORM_LOGGER } from '@pt/platform';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';

/**
 * Sessions ended before their access tokens expire (sign-out, reuse detection, a user
 * disabled). Identity broadcasts each revocation to every gateway replica, so the tokens
 * stop working at once everywhere, with no bus round trip on each request.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap {
  /** session id -> why it ended, and unix seconds after which its tokens have expired anyway */
  private readonly revoked = new Map<string, { reason: SessionEndReason; until: number }>();

  constructor(
    private readonly broadcasts: Broadcasts,
    private readonly bus: BusClient,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.broadcasts.subscribe(SESSIONS_REVOKED_BROADCAST, (revoked) => this.add(revoked));
    // Catch up on revocations made before this replica started (identity may be starting too).
    const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
    await this.bus
      .request(REVOKED_SESSIONS, ctx, {}, { timeoutMs: 2000 })
      .then((list) => this.add(list))
      .catch(() => this.logger.warn('could not load revoked sessions yet; relying on broadcasts'));
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  /** Why the session ended early (P5 tells `session_replaced` apart), or undefined if it has not. */
  reasonFor(sessionId: string): SessionEndReason | undefined {
    return this.revoked.get(sessionId)?.reason;
  }

  private add(message: SessionsRevoked): void {
    const { sessions, until } = message;
    for (const { sessionId, reason } of sessions ?? []) this.revoked.set(sessionId, { reason, until });
    // An identity replica from before reasons were sent (rolling upgrade): still revoke.
    const legacy = (message as { sessionIds?: string[] }).sessionIds ?? [];
    for (const sessionId of legacy) this.revoked.set(sessionId, { reason: 'signed_out', until });
    this.prune();
  }

  private prune(): void {
    const now = Date.now() / 1000;
    for (const [id, { until }] of this.revoked) if (until < now) this.revoked.delete(id);
  }
}
