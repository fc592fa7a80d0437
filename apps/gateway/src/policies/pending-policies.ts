import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  MessageContext,
  PENDING_POLICY_DOCUMENTS,
  POLICY_STATUS_CHANGED_SUBJECT,
  PolicyDocumentSummary,
  PolicyStatusChanged,
} from '@pt/contracts';
import { BusClient, decodeJson, NATS_CONNECTION, SUBJECT_NAMESPACE, SubjectNamespace } from '@pt/platform';
import { NatsConnection, Subscription } from 'nats';

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
export class PendingPolicies implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly cache = new Map<string, { pending: PolicyDocumentSummary[]; expiresAt: number }>();
  private subscription?: Subscription;
  /** Bumped on every broadcast, so an answer fetched before it is not cached after it. */
  private generation = 0;

  constructor(
    private readonly bus: BusClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(this.subjects.wire(POLICY_STATUS_CHANGED_SUBJECT), {
      callback: (err, msg) => {
        if (err) return;
        const { userId } = decodeJson<PolicyStatusChanged>(msg.data);
        this.generation++;
        if (userId) this.cache.delete(userId);
        else this.cache.clear();
      },
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
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
