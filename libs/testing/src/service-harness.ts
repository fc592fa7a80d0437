import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  BusErrorBody,
  BusRequest,
  EventEnvelope,
  EventSubject,
  MessageContext,
  MessagePattern,
  ReplyOf,
  RequestOf,
} from '@pt/contracts';
import { databaseNames, UnitOfWork } from '@pt/persistence';
import {
  applyEventOnce,
  assertEveryHandlerDeclaresAccess,
  BaseConfig,
  BusException,
  BusExceptionFilter,
  createLogger,
  dispatchBusRequest,
  DurableConsumerOptions,
  EventConsumers,
  EventsLifecycle,
  loadConfig,
  NATS_CONNECTION,
  NestPinoLogger,
  OutboxRelay,
  SubjectNamespace,
} from '@pt/platform';
import { ErrorCode } from 'nats';
import { Client } from 'pg';
import { Logger } from 'pino';
import { dropDatabaseAndRole } from './test-database';
import { subjectMatches } from './fixtures/test-event-stream';
import { templateEnvironment, testDatabaseUrl, uniqueTestName } from './test-environment';

export interface ServiceHarnessOptions<C extends BaseConfig> {
  service: string;
  configSchema: new () => C;
  /** The service's root module, exactly as its main.ts registers it. */
  module: (config: C, logger: Logger) => DynamicModule;
  /** Extra environment for the service's config (on top of the harness's own). */
  env?: Record<string, string>;
  /** pino level of the service's logs (default: error, so a failing handler still shows). */
  logLevel?: string;
}

/** What the service published on core NATS (broadcasts), in order. */
export interface RecordedPublish {
  subject: string;
  data: unknown;
}

type Answer = (request: BusRequest<unknown>) => unknown;

/**
 * The middle tier of tests: ONE service's real Nest module (its services, repositories,
 * the bus access guard, pipes and exception filter) on a real, migrated Postgres database
 * of its own (a clone of the run's template), without NATS or the gateway.
 *
 * - `call(pattern, data, ctx)` sends a request the way the bus would deliver it (same
 *   envelope check, guard, pipes and filter as `NatsBusServer`) and returns the reply,
 *   throwing the BusException the caller would get; `attempt` returns the refusal.
 * - `staged(event)` reads what the service wrote to its outbox (the relay does not run);
 *   `deliver(event)` hands a durable event to the service's consumers as the stream would
 *   (exactly once, recorded in `processed_event`, in the event's tenant scope).
 * - Outgoing core NATS is a recording stand-in: `published()` lists broadcasts, requests to
 *   other services fail as "no responders" unless answered with `answer(pattern, fn)`.
 */
export class ServiceHarness {
  private constructor(
    readonly service: string,
    readonly name: string,
    private readonly app: INestMicroservice,
    private readonly server: InProcessBusServer,
    private readonly nats: RecordingNats,
    private readonly consumers: RecordingConsumers,
    private readonly owner: Client,
  ) {}

  static async start<C extends BaseConfig>(options: ServiceHarnessOptions<C>): Promise<ServiceHarness> {
    const name = uniqueTestName(options.service);
    const config = loadConfig(options.configSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: options.logLevel ?? 'error',
      DATABASE_URL: testDatabaseUrl(),
      DB_NAME_PREFIX: `${name}_`,
      DB_APP_PASSWORD: 'test-app-password',
      NATS_NAMESPACE: name,
      ...templateEnvironment(),
      ...options.env,
    });
    const logger = createLogger({ service: options.service, level: config.LOG_LEVEL });
    const nats = new RecordingNats(new SubjectNamespace(name));
    const consumers = new RecordingConsumers();
    const server = new InProcessBusServer(logger);
    const module = options.module(config, logger);
    // As bootstrapService: a handler without @Access would be refused every message.
    assertEveryHandlerDeclaresAccess(module);
    const moduleRef = await Test.createTestingModule({ imports: [module] })
      .overrideProvider(NATS_CONNECTION)
      .useValue(nats)
      .overrideProvider(EventConsumers)
      .useValue(consumers)
      // No stream to create and no relay: staged events stay in the outbox for `staged`.
      .overrideProvider(EventsLifecycle)
      .useValue({})
      .overrideProvider(OutboxRelay)
      .useValue({
        start: () => undefined,
        stop: async () => undefined,
        kick: () => undefined,
        relayOnce: async () => 0,
      })
      .compile();
    const app = moduleRef.createNestMicroservice({ strategy: server, logger: new NestPinoLogger(logger) });
    app.useGlobalFilters(new BusExceptionFilter(logger));
    const database = databaseNames(`${name}_`, options.service).database;
    try {
      await app.listen();
    } catch (error) {
      await app.close().catch(() => undefined);
      await dropDatabaseAndRole(testDatabaseUrl(), databaseNames(`${name}_`, options.service));
      throw error;
    }
    const ownerUrl = new URL(testDatabaseUrl());
    ownerUrl.pathname = `/${database}`;
    const owner = new Client({ connectionString: ownerUrl.toString() });
    await owner.connect();
    consumers.unitOfWork = app.get(UnitOfWork);
    return new ServiceHarness(options.service, name, app, server, nats, consumers, owner);
  }

  /** Sends a request as the bus would deliver it; the reply, or the refusal thrown as a BusException. */
  async call<P extends MessagePattern<unknown, unknown>>(
    pattern: P,
    data: RequestOf<P>,
    ctx: MessageContext,
  ): Promise<ReplyOf<P>> {
    const reply = await this.server.dispatch(pattern.subject, { ctx, data });
    if (reply.ok) return reply.data as ReplyOf<P>;
    throw new BusException(reply.error);
  }

  /** Sends a request that should be refused; returns the error body (fails if it was not refused). */
  async attempt<P extends MessagePattern<unknown, unknown>>(
    pattern: P,
    data: RequestOf<P>,
    ctx: MessageContext,
  ): Promise<BusErrorBody> {
    const reply = await this.server.dispatch(pattern.subject, { ctx, data });
    if (reply.ok) throw new Error(`${pattern.subject} was expected to be refused, and answered`);
    return reply.error;
  }

  /** Events the service staged in its outbox (committed), oldest first; only those of `event` when given. */
  async staged<T>(event?: EventSubject<T>): Promise<EventEnvelope<T>[]> {
    const { rows } = await this.owner.query<{ envelope: EventEnvelope<T> }>(
      `select envelope from outbox where ($1::text is null or subject = $1) order by created_at, id`,
      [event?.subject ?? null],
    );
    return rows.map((row) => row.envelope);
  }

  /**
   * Hands a durable event to every consumer of the service subscribed to its subject, as
   * the stream would; a second delivery of the same event id changes nothing.
   */
  async deliver(event: EventEnvelope<unknown>): Promise<Array<'processed' | 'duplicate'>> {
    return this.consumers.deliver(event as EventEnvelope);
  }

  /** Broadcasts the service published on core NATS, in order; only those on `subject` when given. */
  published(subject?: string): RecordedPublish[] {
    return this.nats.publishes.filter((p) => !subject || this.nats.canonical(p.subject) === subject);
  }

  /** Answers the service's outgoing requests on `pattern` (to another service) with `answer`. */
  answer<P extends MessagePattern<unknown, unknown>>(
    pattern: P,
    answer: (request: BusRequest<RequestOf<P>>) => ReplyOf<P> | Promise<ReplyOf<P>>,
  ): void {
    this.nats.answers.set(pattern.subject, answer as Answer);
  }

  /** One of the service's providers (a repository, a job), for arranging state a test needs. */
  get<T>(token: string | symbol | (abstract new (...args: never[]) => T)): T {
    return this.app.get(token as never) as T;
  }

  /** One statement as the owner of the service's database (bypasses row-level security only as superuser). */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.owner.query(text, params)).rows as T[];
  }

  /** Closes the service (its shutdown hooks run) and drops its database and role. */
  async stop(): Promise<void> {
    await this.owner.end().catch(() => undefined);
    await this.app.close();
    await dropDatabaseAndRole(testDatabaseUrl(), databaseNames(`${this.name}_`, this.service));
  }
}

/** Nest transport that takes requests from the test, in process, through `dispatchBusRequest`. */
class InProcessBusServer extends Server implements CustomTransportStrategy {
  constructor(private readonly serviceLogger: Logger) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    callback();
  }

  close(): void {}

  on(): never {
    throw new Error('the in-process bus emits no transport events');
  }

  unwrap<T>(): T {
    throw new Error('the in-process bus has no connection');
  }

  dispatch(subject: string, request: BusRequest<unknown>) {
    // A copy, as over the wire: a handler never shares objects with the test.
    return dispatchBusRequest(this, subject, JSON.parse(JSON.stringify(request)), this.serviceLogger);
  }
}

/** Stands in for the durable consumers: records what the service subscribes to, delivers on demand. */
class RecordingConsumers {
  unitOfWork?: UnitOfWork;
  private readonly registered: DurableConsumerOptions[] = [];

  async start(options: DurableConsumerOptions): Promise<{ stop(): Promise<void> }> {
    this.registered.push(options);
    return { stop: async () => undefined };
  }

  async deliver(event: EventEnvelope): Promise<Array<'processed' | 'duplicate'>> {
    const takers = this.registered.filter((c) => c.subjects.some((s) => subjectMatches(s, event.subject)));
    if (!takers.length) throw new Error(`no consumer of this service takes ${event.subject}`);
    const outcomes: Array<'processed' | 'duplicate'> = [];
    for (const consumer of takers) outcomes.push(await applyEventOnce(this.unitOfWork!, consumer, event));
    return outcomes;
  }

  async onModuleDestroy(): Promise<void> {}
}

/**
 * The recording stand-in for the service's core NATS connection: publishes are kept,
 * subscriptions hear nothing, requests to other services find no responder unless
 * answered, and there is no JetStream (the harness replaces consumers and the relay).
 */
type InboxCallback = (error: unknown, msg: { subject: string; data: Uint8Array; headers?: { code: number } }) => void;

class RecordingNats {
  readonly publishes: RecordedPublish[] = [];
  readonly answers = new Map<string, Answer>();
  private closed = false;

  constructor(private readonly namespace: SubjectNamespace) {}

  canonical(subject: string): string {
    return this.namespace.canonical(subject);
  }

  publish(subject: string, data?: Uint8Array, options?: { reply?: string }): void {
    // A publish with a reply subject is BusClient's request (its ReplyInbox): answered below.
    if (options?.reply) {
      void this.answerOnInbox(subject, data ?? new Uint8Array(), options.reply);
      return;
    }
    this.publishes.push({ subject, data: data?.length ? JSON.parse(Buffer.from(data).toString()) : undefined });
  }

  subscribe(subject?: string, options?: { callback?: InboxCallback }): unknown {
    const callback = options?.callback;
    if (!callback || !subject?.endsWith('*')) {
      return {
        unsubscribe: () => undefined,
        drain: async () => undefined,
        isClosed: () => false,
        closed: Promise.resolve(),
        async *[Symbol.asyncIterator]() {},
      };
    }
    // The reply inbox: open until unsubscribed (a closed one fails every request in flight).
    const inbox = { prefix: subject.slice(0, -1), callback };
    this.inboxes.push(inbox);
    let end!: () => void;
    const closed = new Promise<void>((resolve) => (end = resolve));
    const unsubscribe = () => {
      this.inboxes = this.inboxes.filter((other) => other !== inbox);
      end();
    };
    return {
      unsubscribe,
      drain: async () => unsubscribe(),
      isClosed: () => !this.inboxes.includes(inbox),
      closed,
      async *[Symbol.asyncIterator]() {},
    };
  }

  private inboxes: Array<{ prefix: string; callback: InboxCallback }> = [];

  /** Answers a request sent through a reply inbox as `request` does; no answer given: the server's no-responders status. */
  private async answerOnInbox(subject: string, data: Uint8Array, reply: string): Promise<void> {
    const inbox = this.inboxes.find((candidate) => reply.startsWith(candidate.prefix));
    if (!inbox) return;
    if (!this.answers.has(this.canonical(subject))) {
      inbox.callback(null, { subject: reply, data: new Uint8Array(), headers: { code: 503 } });
      return;
    }
    const answered = await this.request(subject, data);
    inbox.callback(null, { subject: reply, data: answered.data });
  }

  async request(subject: string, data: Uint8Array): Promise<{ data: Uint8Array }> {
    const answer = this.answers.get(this.canonical(subject));
    if (!answer) throw Object.assign(new Error('no responders'), { code: ErrorCode.NoResponders });
    const request = JSON.parse(Buffer.from(data).toString()) as BusRequest<unknown>;
    try {
      return { data: Buffer.from(JSON.stringify({ ok: true, data: (await answer(request)) ?? null })) };
    } catch (error) {
      const body =
        error instanceof BusException ? error.body : { kind: 'internal', code: 'internal_error', message: 'failed' };
      return { data: Buffer.from(JSON.stringify({ ok: false, error: body })) };
    }
  }

  jetstream(): never {
    throw new Error('the service harness has no JetStream (use deliver() for events)');
  }

  jetstreamManager(): never {
    return this.jetstream();
  }

  async flush(): Promise<void> {}

  isClosed(): boolean {
    return this.closed;
  }

  async drain(): Promise<void> {
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
