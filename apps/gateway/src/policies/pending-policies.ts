import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  MessageContext,
  PENDING_POLICY_DOCUMENTS,
  POLICY_STATUS_CHANGED_BROADCAST,
  PolicyDocumentSummary,
} from '@pt/contracts';
import { Broadcasts, BusClient } from '@pt/platform';

/** A user's answer is reused this long; changes are pushed by broadcast before that. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 100_000;

/**
 * Which current policy documents a user has not accepted (P7), cached per user so that
 * the gate costs no bus round trip on most requests. Identity broadcasts a change when a
 * user accepts (that user) or a version is published (everyone), so every gateway
 * replica forgets at once rather than at expiry.
 */
@Injectable()
export class PendingPolicies implements OnApplicationBootstrap {
  private readonly cache = new Map<string, { pending: PolicyDocumentSummary[]; expiresAt: number }>();
  /** Bumped on every broadcast, so an answer fetched before it is not cached after it. */
  private generation = 0;

  constructor(
    private readonly bus: BusClient,
    private readonly broadcasts: Broadcasts,
  ) {}

  onApplicationBootstrap(): void {
    this.broadcasts.subscribe(POLICY_STATUS_CHANGED_BROADCAST, ({ userId }) => {
      this.generation++;
      if (userId) this.cache.delete(userId);
      else this.cache.clear();
    });
  }

  async of(ctx: MessageContext): Promise<PolicyDocumentSummary[]> {
    const userId = ctx.actor.id!;
    const cached = this.cache.get(userId);
    if (cached && cached.expiresAt > Date.now()) return cached.pending;
    const generation = this.generation;
    const { items } = await this.bus.request(PENDING_POLICY_DOCUMENTS, ctx, {});
    if (generation === this.generation) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(userId, { pending: items, expiresAt: Date.now() + TTL_MS });
    }
    return items;
  }

  /** After this replica records an acceptance, before the broadcast comes back. */
  forget(userId: string): void {
    this.generation++;
    this.cache.delete(userId);
  }
}
