import { EntityManager, Knex } from '@mikro-orm/postgresql';
import { CursorPosition, transactionKnex } from '@pt/persistence';
import { WebhookEventType } from '@pt/contracts';
import { WebhookEndpoint, WebhookSecret } from './webhook-endpoint.entity';
import { WebhookAttempt, WebhookMessage } from './webhook-message.entity';

/** A delivery taken by one dispatcher for one attempt (others skip it until its lease ends). */
export interface ClaimedDelivery {
  id: string;
  messageId: string;
  endpointId: string;
  failures: number;
  /** The message's body, exactly as signed on every attempt. */
  body: string;
  url: string;
}

/** What one attempt came to, for recording. */
export interface AttemptRecord {
  deliveryId: string;
  attemptId: string;
  succeeded: boolean;
  responseStatus: number | null;
  latencyMs: number;
  responseBody: string;
  error: string | null;
  /** pending (tried again at nextAttemptAt), delivered, or failed for good. */
  status: 'pending' | 'delivered' | 'failed';
  failures: number;
  nextAttemptAt: Date | null;
}

/** The only code that queries the webhook tables. */
export class WebhookRepository {
  constructor(private readonly em: EntityManager) {}

  private async rows<T>(sql: string, bindings: unknown[]): Promise<T[]> {
    return ((await transactionKnex(this.em).raw(sql, bindings as Knex.RawBinding[])) as { rows: T[] }).rows;
  }

  add(entity: object): void {
    this.em.persist(entity);
  }

  findEndpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.em.findOne(WebhookEndpoint, { id, status: { $ne: 'deleted' } });
  }

  listEndpoints(): Promise<WebhookEndpoint[]> {
    return this.em.find(WebhookEndpoint, { status: { $ne: 'deleted' } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  secretsOf(endpointIds: readonly string[]): Promise<WebhookSecret[]> {
    if (!endpointIds.length) return Promise.resolve([]);
    return this.em.find(
      WebhookSecret,
      { endpointId: { $in: [...endpointIds] } },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
  }

  /**
   * The secrets that sign at `now`: the current one and any rotated out less than its overlap
   * ago, each opened by `open` (stored sealed; the row's id is the seal's context).
   */
  async secretsInForce(
    endpointIds: readonly string[],
    now: Date,
    open: (stored: string, secretId: string) => string,
  ): Promise<Map<string, string[]>> {
    const rows = await this.rows<{ id: string; endpoint_id: string; secret: string }>(
      `select id, endpoint_id, secret from webhook_secret
        where endpoint_id = any(?::uuid[]) and (expires_at is null or expires_at > ?)
        order by created_at desc, id desc`,
      [[...endpointIds], now],
    );
    const byEndpoint = new Map<string, string[]>();
    for (const row of rows) {
      byEndpoint.set(row.endpoint_id, [...(byEndpoint.get(row.endpoint_id) ?? []), open(row.secret, row.id)]);
    }
    return byEndpoint;
  }

  /** Starts the overlap: every secret still current stops signing at `expiresAt`. */
  async expireCurrentSecrets(endpointId: string, expiresAt: Date): Promise<void> {
    await transactionKnex(this.em).raw(
      `update webhook_secret set expires_at = ? where endpoint_id = ? and (expires_at is null or expires_at > ?)`,
      [expiresAt, endpointId, expiresAt],
    );
  }

  /** Deleted endpoints take nothing more: their pending deliveries end. */
  async stopPendingDeliveries(endpointId: string): Promise<void> {
    await transactionKnex(this.em).raw(
      `update webhook_delivery set status = 'failed', next_attempt_at = null where endpoint_id = ? and status = 'pending'`,
      [endpointId],
    );
  }

  /**
   * The message of one event (its id is the event's: a redelivered event adds nothing) and
   * its delivery to every enabled endpoint that takes the type, due at once, in two statements.
   */
  async addMessage(message: WebhookMessage): Promise<number> {
    const inserted = await this.rows<{ id: string }>(
      `insert into webhook_message (id, event_type, occurred_at, school_id, body, created_at)
       values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing returning id`,
      [message.id, message.eventType, message.occurredAt, message.schoolId, message.body, message.createdAt],
    );
    if (!inserted.length) return 0;
    const deliveries = await this.rows<{ id: string }>(
      `insert into webhook_delivery (id, message_id, endpoint_id, status, failures, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), ?, e.id, 'pending', 0, 0, ?, ? from webhook_endpoint e
        where e.status = 'enabled' and ? = any(e.event_types)
       returning id`,
      [message.id, message.createdAt, message.createdAt, message.eventType],
    );
    return deliveries.length;
  }

  /**
   * P27: the school's messages, their deliveries and the log of their attempts, in one
   * statement. They carry invoice numbers and amounts, so they go with the financial records
   * at the end of their retention (the caller's transaction). Counts per table for the log.
   */
  async deleteSchoolMessages(schoolId: string): Promise<Record<string, number>> {
    const [row] = await this.rows<Record<string, string>>(
      `with messages as (select id from webhook_message where school_id = ?),
            deliveries as (delete from webhook_delivery where message_id in (select id from messages) returning id),
            attempts as (delete from webhook_attempt where delivery_id in (select id from deliveries) returning 1),
            gone as (delete from webhook_message where id in (select id from messages) returning 1)
       select (select count(*) from gone) as webhook_message, (select count(*) from deliveries) as webhook_delivery,
              (select count(*) from attempts) as webhook_attempt`,
      [schoolId],
    );
    return Object.fromEntries(Object.entries(row).map(([table, count]) => [table, Number(count)]));
  }

  findMessage(id: string): Promise<WebhookMessage | null> {
    return this.em.findOne(WebhookMessage, { id });
  }

  /**
   * Queues messages for an endpoint again (a new round of the schedule, due at `now`): a
   * message it never had gets a delivery, one it had is pending again. With `failedOnly`,
   * only deliveries that failed for good.
   */
  async requeue(
    endpointId: string,
    now: Date,
    which: { messageId: string } | { since: Date; until: Date; eventTypes: WebhookEventType[]; failedOnly: boolean },
  ): Promise<number> {
    const [filter, bindings] =
      'messageId' in which
        ? ['m.id = ?', [which.messageId]]
        : [
            `m.occurred_at >= ? and m.occurred_at < ? and m.event_type = any(?::text[])
             and (not ? or exists (select 1 from webhook_delivery f where f.message_id = m.id and f.endpoint_id = ? and f.status = 'failed'))`,
            [which.since, which.until, which.eventTypes, which.failedOnly, endpointId],
          ];
    const rows = await this.rows<{ id: string }>(
      `insert into webhook_delivery (id, message_id, endpoint_id, status, failures, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), m.id, ?, 'pending', 0, 0, ?, ? from webhook_message m where ${filter}
       on conflict (message_id, endpoint_id) do update
         set status = 'pending', failures = 0, next_attempt_at = excluded.next_attempt_at
       returning id`,
      [endpointId, now, now, ...bindings],
    );
    return rows.length;
  }

  /**
   * Takes up to `limit` deliveries due at `now` to enabled endpoints, skipping those another
   * dispatcher holds, and leases them until `leaseUntil`: if this process dies mid-attempt
   * the delivery is due again then, so nothing is lost (at least once; the webhook-id lets
   * the receiver drop a repeat). With each, the body to send and where: one statement.
   */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.rows<ClaimedDelivery>(
      `with due as (
         select d.id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id and e.status = 'enabled'
          where d.status = 'pending' and d.next_attempt_at <= ?
          order by d.next_attempt_at limit ? for update of d skip locked)
       update webhook_delivery d set next_attempt_at = ?
         from due, webhook_message m, webhook_endpoint e
        where d.id = due.id and m.id = d.message_id and e.id = d.endpoint_id
       returning d.id, d.message_id as "messageId", d.endpoint_id as "endpointId", d.failures, m.body, e.url`,
      [now, limit, leaseUntil],
    );
  }

  /** The attempts of one dispatch round and their deliveries' new state, set-based. */
  async recordAttempts(
    records: readonly (AttemptRecord & { endpointId: string; messageId: string })[],
    attemptedAt: Date,
  ): Promise<void> {
    if (!records.length) return;
    const column = <K extends keyof (typeof records)[number]>(key: K) => records.map((r) => r[key]);
    await this.rows(
      `insert into webhook_attempt (id, delivery_id, endpoint_id, message_id, attempted_at, outcome, response_status, latency_ms, response_body, error)
       select a.id, a.delivery_id, a.endpoint_id, a.message_id, ?, case when a.ok then 'succeeded' else 'failed' end,
              a.status, a.latency, a.body, a.error
         from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::boolean[], ?::int[], ?::int[], ?::text[], ?::text[])
              as a(id, delivery_id, endpoint_id, message_id, ok, status, latency, body, error)`,
      [
        attemptedAt,
        column('attemptId'),
        column('deliveryId'),
        column('endpointId'),
        column('messageId'),
        column('succeeded'),
        column('responseStatus'),
        column('latencyMs'),
        column('responseBody'),
        column('error'),
      ],
    );
    await this.rows(
      `update webhook_delivery d set status = u.status, failures = u.failures, attempts = d.attempts + 1,
              next_attempt_at = u.next_at, last_attempt_at = ?
         from unnest(?::uuid[], ?::text[], ?::int[], ?::timestamptz[]) as u(id, status, failures, next_at)
        where d.id = u.id`,
      [attemptedAt, column('deliveryId'), column('status'), column('failures'), column('nextAttemptAt')],
    );
  }

  /**
   * Keeps each endpoint's failure record: a success clears it, a failure starts it. Then
   * disables the endpoints that answered 410 Gone or have failed since before `failingBefore`; returns those.
   */
  async updateEndpointHealth(
    succeeded: readonly string[],
    failed: readonly string[],
    gone: readonly string[],
    now: Date,
    failingBefore: Date,
  ): Promise<{ id: string; reason: string }[]> {
    if (succeeded.length) {
      await transactionKnex(this.em).raw(
        `update webhook_endpoint set failing_since = null where id = any(?::uuid[]) and failing_since is not null`,
        [[...succeeded]],
      );
    }
    if (failed.length) {
      await transactionKnex(this.em).raw(
        `update webhook_endpoint set failing_since = ? where id = any(?::uuid[]) and failing_since is null`,
        [now, [...failed]],
      );
    }
    if (!failed.length && !gone.length) return [];
    return this.rows<{ id: string; reason: string }>(
      `update webhook_endpoint set status = 'disabled', disabled_at = ?, updated_at = ?,
              disabled_reason = case when id = any(?::uuid[]) then 'gone' else 'failing' end
        where status = 'enabled' and (id = any(?::uuid[]) or (id = any(?::uuid[]) and failing_since <= ?))
        returning id, disabled_reason as reason`,
      [now, now, [...gone], [...gone], [...failed], failingBefore],
    );
  }

  /** An endpoint's delivery log, newest first (keyset pages). */
  attempts(
    endpointId: string,
    limit: number,
    after: CursorPosition | null,
    messageId?: string,
  ): Promise<(WebhookAttempt & { eventType: WebhookEventType })[]> {
    return this.rows(
      `select a.id, a.message_id as "messageId", m.event_type as "eventType", a.attempted_at as "attemptedAt",
              a.outcome, a.response_status as "responseStatus", a.latency_ms as "latencyMs",
              a.response_body as "responseBody", a.error
         from webhook_attempt a join webhook_message m on m.id = a.message_id
        where a.endpoint_id = ? and (?::uuid is null or a.message_id = ?)
          and (?::timestamptz is null or (a.attempted_at, a.id) < (?::timestamptz, ?::uuid))
        order by a.attempted_at desc, a.id desc limit ?`,
      [
        endpointId,
        messageId ?? null,
        messageId ?? null,
        after?.key ?? null,
        after?.key ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
  }
}
