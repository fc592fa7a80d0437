import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { EventEnvelope } from '@pt/contracts';
import { DataScope, PLATFORM_SCOPE, tenantScope, transactionKnex, UnitOfWork } from '@pt/persistence';
import {
  AckPolicy,
  Consumer,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  JsMsg,
  NatsConnection,
  nanos,
} from 'nats';
import { Logger } from 'pino';
import { uuid7 } from '../ids/uuid7';
import { logContext } from '../logging/log-context';
import { describeError } from '../logging/safe-error';
import { eventsConsumed } from '../metrics/platform-metrics';
import { EventNamespace } from './event-namespace';

export interface DurableConsumerOptions {
  /** Durable name: survives restarts; replicas with the same name share the work. */
  durable: string;
  /**
   * Contract subjects or wildcards (`evt.pupils.>`), without namespace. A consumer of
   * particular events takes these and `handle` from `eventRoutes()` (event-routes.ts).
   */
  subjects: string[];
  /** Applies the event inside the same transaction that records it as processed. */
  handle: (event: EventEnvelope, em: EntityManager) => Promise<void>;
  /**
   * Applies several events of one tenant (or of the platform), in stream order, inside one
   * transaction that records them all as processed. When given, messages already waiting
   * are taken up to `batchSize` at a time: one transaction per tenant in the batch instead
   * of one per event. A batch that fails is retried event by event through `handle`, so a
   * failing event is still retried and parked on its own and the others go through.
   */
  handleBatch?: (events: EventEnvelope[], em: EntityManager) => Promise<void>;
  /** Most messages handled in one batch (default 200); only with `handleBatch`. */
  batchSize?: number;
  /**
   * One platform-scope transaction for the whole batch instead of one per tenant in it:
   * for platform consumers that keep every school's rows (the audit log), where a commit
   * per school in each batch would be most of the cost. The handler then gets events of
   * several tenants, each still in stream order.
   */
  batchAcrossTenants?: boolean;
  /** Deliveries before the event is parked (default 5). */
  maxDeliver?: number;
  ackWaitMs?: number;
  /** Where a newly created consumer starts (default: the whole stream). */
  deliverFrom?: 'all' | 'new';
}

/**
 * How long the server waits for a delivered message's ack before handing it out again
 * (unless the consumer says otherwise): also how late an event comes whose delivery was
 * lost in flight, e.g. with a NATS node that stopped after sending it.
 */
export const DEFAULT_ACK_WAIT_MS = 30_000;

export type ConsumeOutcome = 'processed' | 'duplicate' | 'retried' | 'parked';

/**
 * How long one pull stays open on the server (nats.js' minimum). Stopping waits for the
 * pull in hand to end, so this bounds how much longer a stop takes.
 */
const PULL_EXPIRES_MS = 1000;
/** After a pull fails (the bus away), before the next. */
const PULL_RETRY_MS = 500;
/**
 * How long past its expiry a pull may go without the server's word before the consumer
 * gives up on it (the bus away): only then can a message the server sent it be stranded.
 */
const PULL_SILENCE_MS = 5000;

/**
 * A JetStream durable consumer with explicit acks and exactly-once effects: the event id
 * is recorded in `processed_event` in the same transaction as the handler's changes, so a
 * redelivery (after a crash, a restart mid-stream, or a republish) changes nothing twice.
 * Messages are handled one at a time, in stream order. A message that keeps failing is
 * parked after `maxDeliver` deliveries and the stream moves on.
 */
export class DurableConsumer {
  private loop?: Promise<void>;
  private stopping = false;
  private readonly maxDeliver: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly orm: MikroORM,
    private readonly unitOfWork: UnitOfWork,
    private readonly namespace: EventNamespace,
    private readonly logger: Logger,
    private readonly options: DurableConsumerOptions,
  ) {
    this.maxDeliver = options.maxDeliver ?? 5;
  }

  async start(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    const subjects = this.options.subjects.map((s) => this.namespace.wire(s));
    // One subject goes in `filter_subject`, which every JetStream server knows (2.9 too);
    // only several need `filter_subjects`, which nats.js refuses before server 2.10.
    const filter: Partial<ConsumerConfig> =
      subjects.length === 1
        ? { filter_subject: subjects[0], filter_subjects: undefined }
        : { filter_subject: undefined, filter_subjects: subjects };
    const batchSize = this.options.handleBatch ? Math.max(1, this.options.batchSize ?? 200) : 1;
    // In batches, the server must let several batches be unacked at once (its default is
    // 1,000), or the consumer only ever gets part of a batch while the last one commits.
    const limits: Partial<ConsumerConfig> = batchSize > 1 ? { max_ack_pending: Math.max(1_000, batchSize * 4) } : {};
    const config: Partial<ConsumerConfig> = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ack_wait: nanos(this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
      // We park before the server would give up, so that nothing is dropped silently.
      max_deliver: -1,
      ...limits,
      ...filter,
    };
    // Only "no such consumer" means create: a failed update must not be swallowed.
    const existing = await jsm.consumers.info(this.namespace.stream, this.options.durable).catch((error) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (existing) {
      await jsm.consumers.update(this.namespace.stream, this.options.durable, {
        ack_wait: config.ack_wait,
        ...limits,
        ...filter,
      });
    } else {
      await jsm.consumers.add(this.namespace.stream, config).catch(async (error) => {
        // A replica created it at the same moment.
        await jsm.consumers.info(this.namespace.stream, this.options.durable).catch(() => {
          throw error;
        });
      });
    }
    const consumer = await this.nc.jetstream().consumers.get(this.namespace.stream, this.options.durable);
    this.stopping = false;
    this.loop = this.pull(consumer, batchSize);
  }

  /**
   * One bounded pull after another, never an open-ended subscription: a consumer that
   * unsubscribed while its pull was still open on the server (as nats.js' consume() does
   * on close) stranded whatever the server sent that pull afterwards until the ack wait
   * (30 s) handed it back. Stopping now lets the pull in hand run out, handing back (nak)
   * what it brings, so a replica or the restarted service takes it at once.
   */
  private async pull(consumer: Consumer, batchSize: number): Promise<void> {
    const max_messages = Math.max(64, batchSize * 4);
    while (!this.stopping) {
      try {
        const messages = await consumer.fetch({ max_messages, expires: PULL_EXPIRES_MS });
        this.endOnlyOnServersWord(messages);
        await (batchSize === 1 ? this.oneAtATime(messages) : this.inBatches(messages, batchSize));
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn({ err: describeError(error) }, 'event pull failed; pulling again');
        await new Promise((resolve) => setTimeout(resolve, PULL_RETRY_MS));
      }
    }
  }

  /**
   * nats.js ends a fetch on its own timer too (1.05 x expires, counted from the fetch),
   * unsubscribing its inbox, while the server counts expires from the pull's arrival. On a
   * loaded machine the timer can win: a process stalled across it runs its expired timers
   * before reading the socket, so a message the server sent the still-open pull meanwhile
   * reached no subscriber and came back only after the ack wait (30 s). The pull therefore
   * ends only when the server says so (its 408 at expiry, or the batch full), after every
   * message it sent that pull; our own timer only covers a server that went silent.
   */
  private endOnlyOnServersWord(messages: ConsumerMessages): void {
    const clientTimer = (messages as { timeout?: { cancel?: () => void } | null }).timeout;
    // A nats.js that no longer keeps the timer there would bring the race back unseen.
    if (typeof clientTimer?.cancel !== 'function') throw new Error('nats.js fetch has no client timer to cancel');
    clientTimer.cancel();
    const silence = setTimeout(() => {
      this.logger.warn({ consumer: this.options.durable }, 'event pull got no end from the server; giving up on it');
      void messages.close();
    }, PULL_EXPIRES_MS + PULL_SILENCE_MS);
    void messages
      .closed()
      .catch(() => undefined)
      .finally(() => clearTimeout(silence));
  }

  private async oneAtATime(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      // Messages already pulled but not begun go straight back, for another replica
      // (or this one after its restart) to take at once rather than after the ack wait.
      if (this.stopping) msg.nak();
      else await this.process(msg);
    }
  }

  /**
   * Takes the messages already delivered, up to `batchSize`, and handles them together;
   * never waits for more (a message not there by the next turn of the event loop belongs
   * to the next batch), so a lone event is not delayed.
   */
  private async inBatches(messages: ConsumerMessages, batchSize: number): Promise<void> {
    const iterator = messages[Symbol.asyncIterator]();
    const notYet = Symbol('not yet');
    let waiting: Promise<IteratorResult<JsMsg>> | undefined;
    for (;;) {
      const first = await (waiting ?? iterator.next());
      waiting = undefined;
      if (first.done) return;
      const batch = [first.value];
      let done = false;
      while (batch.length < batchSize) {
        waiting = iterator.next();
        const next = await Promise.race([waiting, new Promise<typeof notYet>((r) => setImmediate(() => r(notYet)))]);
        if (next === notYet) break;
        waiting = undefined;
        if (next.done) {
          done = true;
          break;
        }
        batch.push(next.value);
      }
      if (this.stopping) for (const msg of batch) msg.nak();
      else await this.processBatch(batch);
      if (done) return;
    }
  }

  /**
   * Several messages at once: each tenant's events (in stream order) in one transaction
   * that records them as processed and applies the new ones, then acks them. Malformed
   * messages are parked as in `process`; a tenant's batch that fails goes through
   * `process` one message at a time.
   */
  async processBatch(msgs: JsMsg[]): Promise<void> {
    const groups = new Map<string, { scope: DataScope; items: { msg: JsMsg; event: EventEnvelope }[] }>();
    for (const msg of msgs) {
      let event: EventEnvelope;
      try {
        event = msg.json<EventEnvelope>();
        if (typeof event?.id !== 'string') throw new Error('event without id');
      } catch {
        await this.park(msg, null, 'malformed', msg.info.deliveryCount);
        continue;
      }
      const key = this.options.batchAcrossTenants ? '' : (event.tenantId ?? '');
      let group = groups.get(key);
      if (!group) {
        const scope = event.tenantId && !this.options.batchAcrossTenants ? tenantScope(event.tenantId) : PLATFORM_SCOPE;
        group = { scope, items: [] };
        groups.set(key, group);
      }
      group.items.push({ msg, event });
    }
    for (const { scope, items } of groups.values()) {
      let applied: number;
      try {
        applied = await logContext.run(
          { op: this.options.durable, tenantId: scope.kind === 'tenant' ? scope.tenantId : null },
          () =>
            this.unitOfWork.run(scope, async (em) => {
              const fresh = await this.recordProcessed(
                em,
                items.map((item) => item.event),
              );
              if (fresh.length) await this.options.handleBatch!(fresh, em);
              return fresh.length;
            }),
        );
      } catch (error) {
        this.logger.warn({ err: describeError(error), events: items.length }, 'event batch failed; one at a time');
        for (const { msg } of items) await this.process(msg);
        continue;
      }
      for (const { msg } of items) msg.ack();
      eventsConsumed.inc({ consumer: this.options.durable, outcome: 'processed' }, applied);
      if (items.length > applied) {
        eventsConsumed.inc({ consumer: this.options.durable, outcome: 'duplicate' }, items.length - applied);
      }
    }
  }

  /** Records the events as processed in one statement; returns those not processed before, in order, each once. */
  private async recordProcessed(em: EntityManager, events: EventEnvelope[]): Promise<EventEnvelope[]> {
    const unique: EventEnvelope[] = [];
    const seen = new Set<string>();
    for (const event of events) {
      const id = event.id.toLowerCase();
      if (!seen.has(id)) unique.push(event);
      seen.add(id);
    }
    // The ids travel as one bind parameter (em.execute would write them into the SQL text,
    // escaping character by character), in the unit of work's transaction.
    const knex = transactionKnex(em);
    const { rows: inserted } = (await knex.raw(
      `insert into processed_event (consumer, event_id)
       select ?, id::uuid from jsonb_array_elements_text(?::jsonb) as t(id)
       on conflict do nothing returning event_id`,
      [this.options.durable, JSON.stringify(unique.map((event) => event.id))],
    )) as { rows: { event_id: string }[] };
    const fresh = new Set(inserted.map((row) => row.event_id));
    return unique.filter((event) => fresh.has(event.id.toLowerCase()));
  }

  /**
   * Stops pulling: the message being handled finishes and is acked first, and whatever
   * the open pull still brings (until the server ends it, PULL_EXPIRES_MS after it
   * arrived) goes straight back.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.catch(() => undefined);
  }

  async process(msg: JsMsg): Promise<ConsumeOutcome> {
    const deliveries = msg.info.deliveryCount;
    let event: EventEnvelope;
    try {
      event = msg.json<EventEnvelope>();
      if (typeof event?.id !== 'string') throw new Error('event without id');
    } catch (error) {
      return this.park(msg, null, 'malformed', deliveries);
    }
    try {
      const outcome = await applyEventOnce(this.unitOfWork, this.options, event);
      msg.ack();
      eventsConsumed.inc({ consumer: this.options.durable, outcome });
      return outcome;
    } catch (error) {
      const err = describeError(error);
      if (deliveries >= this.maxDeliver) {
        return this.park(msg, event.id, [err.name, err.code].filter(Boolean).join(':'), deliveries);
      }
      this.logger.warn({ err, eventId: event.id, deliveries }, 'event handler failed; will retry');
      msg.nak(Math.min(250 * 2 ** (deliveries - 1), 30_000));
      eventsConsumed.inc({ consumer: this.options.durable, outcome: 'retried' });
      return 'retried';
    }
  }

  private async park(msg: JsMsg, eventId: string | null, reason: string, deliveries: number): Promise<'parked'> {
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await em.execute(
        'insert into parked_event (id, consumer, event_id, subject, raw, reason, deliveries) values (?, ?, ?, ?, ?, ?, ?)',
        [
          uuid7(),
          this.options.durable,
          eventId,
          this.namespace.canonical(msg.subject),
          msg.string(),
          reason,
          deliveries,
        ],
      );
    });
    // No reason on the TERM: servers before 2.11 ignore a `+TERM <reason>` and would
    // redeliver (and so park again) every ack wait. The reason is in parked_event.
    msg.term();
    eventsConsumed.inc({ consumer: this.options.durable, outcome: 'parked' });
    this.logger.error({ eventId, reason, deliveries }, 'event parked: malformed, or failed at every delivery');
    return 'parked';
  }
}

/**
 * One event's effect and its `processed_event` record in one transaction, in the event's
 * tenant scope (the platform's when it has none): what makes a redelivery change nothing
 * twice. The consumer above calls it for each message; the tests' service harness calls
 * it to deliver an event without a stream.
 */
export function applyEventOnce(
  unitOfWork: UnitOfWork,
  consumer: Pick<DurableConsumerOptions, 'durable' | 'handle'>,
  event: EventEnvelope,
): Promise<'processed' | 'duplicate'> {
  const scope: DataScope = event.tenantId ? tenantScope(event.tenantId) : PLATFORM_SCOPE;
  return logContext.run(
    { requestId: event.requestId ?? undefined, tenantId: event.tenantId, op: consumer.durable },
    () =>
      unitOfWork.run(scope, async (em) => {
        const inserted = await em.execute<{ event_id: string }[]>(
          'insert into processed_event (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
          [consumer.durable, event.id],
        );
        if (inserted.length === 0) return 'duplicate' as const;
        await consumer.handle(event, em);
        return 'processed' as const;
      }),
  );
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { code?: number } };
  return e?.api_error?.code === 404 || e?.code === '404';
}
