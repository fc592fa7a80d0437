import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { headers, JSONCodec, NatsConnection } from 'nats';
import { Logger } from 'pino';
import { TransactionEvents } from '@pt/persistence';
import { describeError } from '../logging/safe-error';
import { outboxPublished, outboxRelayFailures } from '../metrics/platform-metrics';
import { EventNamespace } from './event-namespace';
import { inboxOf } from '../bus/nats-connection';

const encoder = new TextEncoder();
const ackCodec = JSONCodec<{ error?: { code?: number; description?: string } }>();
/**
 * The longest wait between failed rounds. A failed round costs one rolled-back statement,
 * so backing off further saves little, and once the bus is back nothing may wake the relay
 * but its timer: a quiet school's events would sit that long in the outbox.
 */
const MAX_RETRY_DELAY_MS = 5_000;

export interface OutboxRelaySettings {
  pollMs: number;
  /**
   * Events per round (default 1,000): a round is one transaction and one reply subscription
   * whatever its size, so a backlog (an import's 20,000 events) goes in 20 rounds, not 100.
   */
  batchSize?: number;
  publishTimeoutMs?: number;
  /**
   * After a round that relayed something, the next round waits this long (default 10 ms),
   * so that the commits made meanwhile go in one round instead of each paying a
   * transaction of its own. An event after a quiet spell still goes at once; a full
   * batch (a backlog) does not wait.
   */
  lingerMs?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  /** The envelope's JSON as Postgres prints it: published as it is, not parsed and written again. */
  envelope: string;
}

/**
 * Moves committed events from the outbox table to JetStream. Each event is published
 * with `Nats-Msg-Id` = its id, so a relay that crashes after publishing and before
 * deleting the row republishes harmlessly (JetStream drops the duplicate; consumers are
 * idempotent by event id beyond that window). Rows are locked with SKIP LOCKED, so
 * several replicas relay in parallel without publishing the same batch twice at once.
 */
export class OutboxRelay {
  private running = false;
  private wake?: () => void;
  /** A commit happened while a round was running: go again instead of sleeping. */
  private kicked = false;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;
  private readonly batchSize: number;
  private readonly publishTimeoutMs: number;
  private readonly lingerMs: number;
  /** Test seam: runs after publishing and before the deletion commits. */
  afterPublish?: (ids: string[]) => Promise<void> | void;

  constructor(
    private readonly orm: MikroORM,
    private readonly nc: NatsConnection,
    private readonly namespace: EventNamespace,
    private readonly transactionEvents: TransactionEvents,
    private readonly logger: Logger,
    private readonly settings: OutboxRelaySettings,
  ) {
    this.batchSize = settings.batchSize ?? 1000;
    this.publishTimeoutMs = settings.publishTimeoutMs ?? 5000;
    this.lingerMs = settings.lingerMs ?? 10;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.transactionEvents.onCommit(() => this.kick());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.kick();
    await this.loop;
  }

  /** Relay now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Publishes one batch; returns how many events it relayed. */
  async relayOnce(): Promise<number> {
    const em = this.orm.em.fork({ clear: true, useContext: false });
    return em.transactional(async (tx: EntityManager) => {
      // Taken and deleted in one statement; the deletion only counts if every publish is
      // acknowledged (a failure rolls back and the rows are relayed again; JetStream drops
      // the duplicates by Nats-Msg-Id). Other replicas skip the locked rows meanwhile.
      const rows = await tx.execute<OutboxRow[]>(
        `delete from outbox where id in (select id from outbox order by id limit ? for update skip locked)
         returning id, subject, envelope::text as envelope`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      // RETURNING keeps no order; uuid v7 ids sort by creation time.
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      // Pipelined on one connection: JetStream stores them in the order sent.
      await this.publishAll(rows);
      await this.afterPublish?.(rows.map((row) => row.id));
      outboxPublished.inc(rows.length);
      return rows.length;
    });
  }

  /**
   * Publishes a round's events to JetStream and waits for every acknowledgement: one reply
   * subscription for the round instead of a request per event (nats.js gives each its own
   * promise, timer and reply entry: for an import's 20,000 events that was about a third of
   * the service's CPU). Any refusal, a missing stream (no responders) or a missing
   * acknowledgement after publishTimeoutMs fails the round, which then rolls back.
   */
  private async publishAll(rows: OutboxRow[]): Promise<void> {
    const inbox = inboxOf(this.nc);
    const acked = new Uint8Array(rows.length);
    let waiting = rows.length;
    let settle!: (error?: Error) => void;
    const settled = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    const subscription = this.nc.subscribe(`${inbox}.*`, {
      callback: (error, msg) => {
        if (error) return settle(error);
        const index = Number(msg.subject.slice(inbox.length + 1));
        if (msg.headers?.hasError) {
          return settle(new Error(`JetStream did not take the event: ${msg.headers.code} ${msg.headers.description}`));
        }
        const ack = ackCodec.decode(msg.data);
        if (ack.error)
          return settle(new Error(`JetStream refused the event: ${ack.error.description ?? ack.error.code}`));
        if (acked[index] === 1) return;
        acked[index] = 1;
        if (--waiting === 0) settle();
      },
    });
    const timer = setTimeout(
      () => settle(new Error(`${waiting} of ${rows.length} events not acknowledged by JetStream in time`)),
      this.publishTimeoutMs,
    );
    try {
      rows.forEach((row, index) => {
        const h = headers();
        h.set('Nats-Msg-Id', row.id);
        this.nc.publish(this.namespace.wire(row.subject), encoder.encode(row.envelope), {
          headers: h,
          reply: `${inbox}.${index}`,
        });
      });
      await settled;
    } finally {
      clearTimeout(timer);
      subscription.unsubscribe();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    /** Until when the next round waits: the linger after a round that relayed something. */
    let lingerUntil = 0;
    while (this.running) {
      const linger = lingerUntil - performance.now();
      if (linger > 0) await new Promise<void>((resolve) => setTimeout(resolve, linger));
      if (!this.running) break;
      let relayed = 0;
      this.kicked = false;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures++;
        outboxRelayFailures.inc();
        this.logger.warn({ err: describeError(error), failures }, 'outbox relay failed; will retry');
      }
      if (!this.running) break;
      // A full batch means a backlog: drain it without lingering.
      if (!failures && relayed >= this.batchSize) continue;
      lingerUntil = !failures && relayed > 0 ? performance.now() + this.lingerMs : 0;
      if (!failures && this.kicked) continue;
      const delay = failures
        ? Math.min(this.settings.pollMs * 2 ** failures, MAX_RETRY_DELAY_MS)
        : this.settings.pollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
