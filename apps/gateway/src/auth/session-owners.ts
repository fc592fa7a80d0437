import { Injectable } from '@nestjs/common';
import { isUuid, SESSION_OWNER, SessionOwner, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { randomUUID } from 'node:crypto';

/** Sessions remembered per replica; the oldest is forgotten beyond this (one map entry each). */
const MAX_REMEMBERED = 100_000;

type Owner = { tenantId: string | null; userId: string };

/**
 * Whose each session is, so that the gateway can refuse a correctly signed access token
 * whose school or user is not its session's, or whose session does not exist. A session's
 * owner never changes: it is learnt once per replica (from the tokens this replica hands
 * out at sign-in and refresh, or else by asking identity once) and kept.
 */
@Injectable()
export class SessionOwners {
  private readonly owners = new Map<string, Owner>();
  private readonly asking = new Map<string, Promise<SessionOwner>>();

  constructor(private readonly bus: BusClient) {}

  /** From a token identity just issued through this gateway: no need to ask about its session later. */
  remember(sessionId: string, owner: Owner): void {
    if (this.owners.size >= MAX_REMEMBERED) this.owners.delete(this.owners.keys().next().value!);
    this.owners.set(sessionId, owner);
  }

  /** Whether the session exists and belongs to this school and user. */
  async belongsTo(sessionId: string, tenantId: string | null, userId: string): Promise<boolean> {
    if (!isUuid(sessionId)) return false;
    let owner = this.owners.get(sessionId);
    if (!owner) {
      const answer = await this.ask(sessionId);
      if (!answer.found || !answer.userId) return false;
      owner = { tenantId: answer.tenantId, userId: answer.userId };
      this.remember(sessionId, owner);
    }
    return owner.tenantId === (tenantId ?? null) && owner.userId === userId;
  }

  /** One question per session at a time, however many requests of it arrive together. */
  private ask(sessionId: string): Promise<SessionOwner> {
    let pending = this.asking.get(sessionId);
    if (!pending) {
      const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
      pending = this.bus
        .request(SESSION_OWNER, ctx, { sessionId }, { timeoutMs: 2000 })
        .finally(() => this.asking.delete(sessionId));
      this.asking.set(sessionId, pending);
    }
    return pending;
  }
}
