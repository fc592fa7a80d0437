import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  ListWebhookAttemptsRequest,
  ReplayWebhookMessageRequest,
  ReplayWebhookRangeRequest,
  SYSTEM_ACTOR,
  WEBHOOK_ENDPOINT_DISABLED,
  WebhookAttemptPage,
  WebhookReplayReply,
} from '@pt/contracts';
import { decodeCursor, pageOf, PLATFORM_SCOPE, TransactionEvents, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, isSealed, KeyWrap, PeriodicJob, PeriodicJobs, stageEvent, uuid7 } from '@pt/platform';
import { BlockList } from 'node:net';
import { BillingConfig } from '../billing.config';
import { addressList, resolveTarget } from './address-guard';
import { nextAttemptAt, retryAfterMs } from './retry-schedule';
import { signWebhook } from './standard-webhooks';
import { postWebhook, SendOutcome } from './webhook-sender';
import { AttemptRecord, ClaimedDelivery, WebhookRepository } from './webhook.repository';

/** Deliveries one lane takes per round: a round waits for its slowest answer, so rounds are kept small… */
const CLAIM_BATCH = 32;
/** …and several lanes claim and send at once (SKIP LOCKED keeps them apart), so a slow answer holds up one lane only. */
const LANES = 4;
const HOUR_MS = 3_600_000;
const ENDPOINT_NOT_FOUND = 'webhook_endpoint.not_found';
const MESSAGE_NOT_FOUND = 'webhook_message.not_found';

/**
 * Sends what is due: every replica dispatches (claims skip what another holds), on a timer
 * and right after a commit that queued messages. Each attempt is logged; a failure is
 * tried again on the retry schedule (about 3 days), an endpoint failing all that time (or
 * answering 410 Gone) is disabled with a notice (the WEBHOOK_ENDPOINT_DISABLED event).
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly job: PeriodicJob<number>;
  private readonly allowed: BlockList;
  /** Set by the message consumer inside a transaction; the commit that follows wakes the dispatcher. */
  private queued = false;
  private readonly wrap: KeyWrap;
  private unsubscribe?: () => void;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: BillingConfig,
    private readonly transactions: TransactionEvents,
    jobs: PeriodicJobs,
  ) {
    this.allowed = addressList(config.webhookAllowedAddresses);
    this.wrap = new KeyWrap(config.keyEncryptionKey);
    this.job = jobs.define({
      name: 'billing.webhook-dispatch',
      everyMs: config.BILLING_WEBHOOK_DISPATCH_MS,
      replicas: 'each-replica',
      run: () => this.dispatchDue(),
    });
  }

  onApplicationBootstrap(): void {
    // BILLING_WEBHOOK_DISPATCH_MS=0 means on demand only: no timer and no wake-up (tests drive the clock).
    if (this.config.BILLING_WEBHOOK_DISPATCH_MS <= 0) return;
    this.unsubscribe = this.transactions.onCommit(() => {
      if (!this.queued) return;
      this.queued = false;
      void this.job.runOnce().catch(() => undefined);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Called inside the transaction that queued deliveries. */
  wakeAfterCommit(): void {
    this.queued = true;
  }

  /**
   * Attempts every delivery due at `now` (the clock's time unless a test moves it), round
   * after round until none is due; returns how many attempts were made.
   */
  async dispatchDue(now: Date = this.clock.now()): Promise<number> {
    const lane = async (): Promise<number> => {
      let attempted = 0;
      for (;;) {
        const leaseUntil = new Date(now.getTime() + this.config.BILLING_WEBHOOK_TIMEOUT_MS + 60_000);
        const { claimed, secrets } = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
          const webhooks = new WebhookRepository(em);
          const taken = await webhooks.claimDue(now, leaseUntil, CLAIM_BATCH);
          const endpointIds = [...new Set(taken.map((c) => c.endpointId))];
          return {
            claimed: taken,
            secrets: taken.length
              ? await webhooks.secretsInForce(endpointIds, now, (stored, id) =>
                  // A secret made before secrets were sealed is still in the clear: it signs as it is.
                  isSealed(stored) ? this.wrap.open(stored, id, `webhook secret ${id}`) : stored,
                )
              : new Map(),
          };
        });
        if (!claimed.length) return attempted;
        await this.attempt(claimed, secrets, now);
        attempted += claimed.length;
        if (claimed.length < CLAIM_BATCH) return attempted;
      }
    };
    const lanes = await Promise.all(Array.from({ length: LANES }, lane));
    return lanes.reduce((sum, n) => sum + n, 0);
  }

  private async attempt(claimed: ClaimedDelivery[], secrets: Map<string, string[]>, now: Date): Promise<void> {
    // One resolution per endpoint in the round: every message to it goes to the address checked.
    const targets = new Map<string, ReturnType<typeof resolveTarget>>();
    const timestamp = Math.floor(now.getTime() / 1000);
    const outcomes = await Promise.all(
      claimed.map(async (delivery): Promise<SendOutcome & { addressRefused?: boolean }> => {
        if (!targets.has(delivery.endpointId))
          targets.set(delivery.endpointId, resolveTarget(delivery.url, this.allowed));
        const target = await targets.get(delivery.endpointId)!;
        if (!target.ok) return { status: null, latencyMs: 0, body: '', error: null, addressRefused: true };
        const headers = signWebhook(
          delivery.messageId,
          timestamp,
          delivery.body,
          secrets.get(delivery.endpointId) ?? [],
        );
        return postWebhook(target, { ...headers }, delivery.body, this.config.BILLING_WEBHOOK_TIMEOUT_MS);
      }),
    );
    const records = claimed.map((delivery, i) => {
      const outcome = outcomes[i];
      const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      const failures = succeeded ? delivery.failures : delivery.failures + 1;
      const next =
        succeeded || outcome.status === 410
          ? null
          : nextAttemptAt(failures, now, retryAfterMs(outcome.retryAfter, now));
      return {
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        messageId: delivery.messageId,
        attemptId: uuid7(),
        succeeded,
        responseStatus: outcome.status,
        latencyMs: outcome.latencyMs,
        responseBody: outcome.body,
        error: outcome.addressRefused ? 'address_not_allowed' : outcome.error,
        status: succeeded ? 'delivered' : next ? 'pending' : 'failed',
        failures,
        nextAttemptAt: next,
      } satisfies AttemptRecord & { endpointId: string; messageId: string };
    });
    const succeeded = new Set(records.filter((r) => r.succeeded).map((r) => r.endpointId));
    const failed = new Set(
      records.filter((r) => !r.succeeded && !succeeded.has(r.endpointId)).map((r) => r.endpointId),
    );
    const gone = new Set(records.filter((r) => r.responseStatus === 410).map((r) => r.endpointId));
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      await webhooks.recordAttempts(records, now);
      const disabled = await webhooks.updateEndpointHealth(
        [...succeeded],
        [...failed],
        [...gone],
        now,
        new Date(now.getTime() - this.config.BILLING_WEBHOOK_DISABLE_AFTER_HOURS * HOUR_MS),
      );
      for (const { id, reason } of disabled) {
        stageEvent(
          em,
          WEBHOOK_ENDPOINT_DISABLED,
          { tenantId: null, actor: SYSTEM_ACTOR, requestId: id },
          { endpointId: id, reason },
        );
      }
    });
  }

  /** Queues one message for the endpoint again, under its own webhook-id (the receiver drops what it has seen). */
  async replayMessage(request: ReplayWebhookMessageRequest, now: Date = this.clock.now()): Promise<WebhookReplayReply> {
    const queued = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      if (!(await webhooks.findEndpoint(request.endpointId))) {
        throw BusException.notFound(ENDPOINT_NOT_FOUND, 'The webhook endpoint does not exist');
      }
      if (!(await webhooks.findMessage(request.messageId))) {
        throw BusException.notFound(MESSAGE_NOT_FOUND, 'messageId: the webhook message does not exist');
      }
      this.wakeAfterCommit();
      return webhooks.requeue(request.endpointId, now, { messageId: request.messageId });
    });
    return { queued };
  }

  /** Queues every message of the endpoint's event types that happened in [since, until) (only failed ones with failedOnly). */
  async replayRange(request: ReplayWebhookRangeRequest, now: Date = this.clock.now()): Promise<WebhookReplayReply> {
    const since = new Date(request.since);
    const until = new Date(request.until);
    const problems = [
      ...(Number.isNaN(since.getTime()) ? [{ field: 'since', message: 'must be an ISO 8601 date-time' }] : []),
      ...(Number.isNaN(until.getTime()) ? [{ field: 'until', message: 'must be an ISO 8601 date-time' }] : []),
      ...(since.getTime() >= until.getTime() ? [{ field: 'until', message: 'must be after since' }] : []),
      ...(request.failedOnly === undefined || typeof request.failedOnly === 'boolean'
        ? []
        : [{ field: 'failedOnly', message: 'must be true or false' }]),
    ];
    if (problems.length) throw BusException.validation(problems);
    const queued = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      const endpoint = await webhooks.findEndpoint(request.endpointId);
      if (!endpoint) throw BusException.notFound(ENDPOINT_NOT_FOUND, 'The webhook endpoint does not exist');
      this.wakeAfterCommit();
      return webhooks.requeue(endpoint.id, now, {
        since,
        until,
        eventTypes: endpoint.eventTypes,
        failedOnly: request.failedOnly ?? false,
      });
    });
    return { queued };
  }

  /** The endpoint's delivery log, newest first. */
  async attempts(request: ListWebhookAttemptsRequest): Promise<WebhookAttemptPage> {
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && !after)
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit!, 200)) : 50;
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const webhooks = new WebhookRepository(em);
      if (!(await webhooks.findEndpoint(request.endpointId))) {
        throw BusException.notFound(ENDPOINT_NOT_FOUND, 'The webhook endpoint does not exist');
      }
      return webhooks.attempts(request.endpointId, limit, after, request.messageId);
    });
    const page = pageOf(rows, limit, (a) => ({ key: new Date(a.attemptedAt).toISOString(), id: a.id }));
    return {
      items: page.items.map((a) => ({
        id: a.id,
        messageId: a.messageId,
        eventType: a.eventType,
        attemptedAt: new Date(a.attemptedAt).toISOString(),
        outcome: a.outcome,
        responseStatus: a.responseStatus,
        latencyMs: a.latencyMs,
        responseBody: a.responseBody,
        error: a.error,
      })),
      nextCursor: page.nextCursor,
    };
  }
}
