import { CustomTransportStrategy, NatsContext, Server } from '@nestjs/microservices';
import { BusErrorBody, BusRequest, isBusErrorBody } from '@pt/contracts';
import {
  idempotentDeliveryOf,
  isIdempotentReplay,
  RecordedReply,
  recordedIdempotentDelivery,
  runIdempotentDelivery,
} from '@pt/persistence';
import { Msg, MsgHdrs, NatsConnection, Subscription } from 'nats';
import { Logger } from 'pino';
import { lastValueFrom, Observable } from 'rxjs';
import { logContext } from '../logging/log-context';
import { busHandlerDuration } from '../metrics/platform-metrics';
import { toBusErrorBody } from './error-mapping';
import { connectNats } from './nats-connection';
import { SubjectNamespace } from './subject-namespace';
import { BusReply, decodeJson, encodeJson } from './wire';

export interface BusServerOptions {
  /** The service name; also the queue group, so replicas share the work. */
  service: string;
  servers: string[];
  /** The service's own NATS user, when the server has users (NATS_USER / NATS_PASSWORD). */
  credentials?: { user: string; pass: string };
  logger: Logger;
  /** How long close() waits for in-flight handlers before draining anyway. */
  shutdownTimeoutMs: number;
  namespace?: SubjectNamespace;
}

/**
 * Nest transport for request/reply over NATS core. Keeps Nest's `@MessagePattern`
 * handlers, pipes and filters, and adds what the stock transport lacks here: one queue
 * group per service, the `ctx` envelope put into every log line, a typed error reply,
 * and a shutdown that stops taking messages, finishes in-flight ones, then drains.
 */
export class NatsBusServer extends Server implements CustomTransportStrategy {
  private nc?: NatsConnection;
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: BusServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.nc = await connectNats({
        servers: this.options.servers,
        name: `${this.options.service}:rpc`,
        credentials: this.options.credentials,
      });
      for (const subject of this.messageHandlers.keys()) {
        const sub = this.nc.subscribe(this.options.namespace?.wire(subject) ?? subject, {
          queue: this.options.service,
          callback: (err, msg) => {
            if (err) return this.options.logger.error({ err: err.code }, 'subscription error');
            this.track(this.handle(subject, msg));
          },
        });
        this.subscriptions.push(sub);
      }
      await this.nc.flush();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    if (!this.nc || this.nc.isClosed()) return;
    // 1. Stop taking messages; a replica elsewhere in the queue group takes new ones.
    await Promise.all(this.subscriptions.map((sub) => sub.drain().catch(() => undefined)));
    // 2. Let what is running finish, within the shutdown budget.
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, this.options.shutdownTimeoutMs).unref()),
    ]);
    // 3. Flush replies and close.
    await this.nc.drain().catch(() => undefined);
  }

  on(): never {
    throw new Error('NatsBusServer does not emit transport events');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('NatsBusServer is not listening');
    return this.nc as T;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(subject: string, msg: Msg): Promise<void> {
    let request: BusRequest<unknown>;
    try {
      request = decodeJson<BusRequest<unknown>>(msg.data);
    } catch {
      request = undefined as unknown as BusRequest<unknown>;
    }
    this.reply(msg, await dispatchBusRequest(this, subject, request, this.options.logger, msg.headers));
  }

  private reply(msg: Msg, reply: BusReply<unknown>): void {
    if (!msg.reply) return;
    try {
      msg.respond(encodeJson(reply));
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).name }, 'could not send reply');
    }
  }
}

/**
 * One request through the service's handler for `subject`, as it arrives off the wire:
 * the envelope checked, the ctx put into every log line, the handler run behind its guard,
 * pipes and exception filter, and the outcome as the reply the caller gets. The NATS
 * transport and the in-process service harness of the tests both go through here.
 */
export async function dispatchBusRequest(
  server: Server,
  subject: string,
  request: BusRequest<unknown>,
  logger: Logger,
  headers?: MsgHdrs,
): Promise<BusReply<unknown>> {
  const started = process.hrtime.bigint();
  try {
    assertEnvelope(request);
  } catch {
    return {
      ok: false,
      error: { kind: 'validation', code: 'bus.malformed_envelope', message: 'The message has no valid ctx envelope' },
    };
  }
  const { ctx } = request;
  return logContext.run({ requestId: ctx.requestId, tenantId: ctx.tenantId, actorId: ctx.actor.id, op: subject }, () =>
    runIdempotentDelivery(idempotentDeliveryOf(ctx.idempotency, ctx.tenantId, subject), async () => {
      const reply = await runHandler();
      // The unit of work recorded its result with the write; when the handler answered
      // something else, the record gets the answer that went out.
      const recorded = recordedIdempotentDelivery();
      if (recorded && 'ok' in reply) {
        const final = JSON.stringify(reply);
        if (final !== recorded.reply) {
          await recorded.amend(reply as RecordedReply).catch((error: unknown) => {
            logger.warn({ err: (error as Error)?.name }, 'could not amend the idempotent reply');
          });
        }
      }
      return reply;
    }),
  );

  async function runHandler(): Promise<BusReply<unknown>> {
    let outcome: 'ok' | string = 'ok';
    try {
      // The subject is the handler's key as registered. Nest's getHandlerByPattern first
      // tries JSON.parse on it, which throws (and captures a stack) on every message.
      const handler = server.getHandlers().get(subject) ?? server.getHandlerByPattern(subject);
      if (!handler) throw { kind: 'not_found', code: 'bus.no_handler', message: `No handler for ${subject}` };
      const result$ = server.transformToObservable(
        await handler(request, new NatsContext([subject, headers])),
      ) as Observable<unknown>;
      const data = await lastValueFrom(result$, { defaultValue: null });
      return { ok: true, data };
    } catch (error) {
      // A retry of a write already made: the reply it had, as it had it.
      if (isIdempotentReplay(error)) {
        outcome = 'replayed';
        return error.reply;
      }
      // The exception filter has already turned known failures into a BusErrorBody.
      const body: BusErrorBody = isBusErrorBody(error) ? error : toBusErrorBody(error);
      outcome = body.kind;
      return { ok: false, error: body };
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      busHandlerDuration.observe({ pattern: subject, outcome }, seconds);
      logger.debug({ outcome, ms: Math.round(seconds * 10_000) / 10 }, 'message handled');
    }
  }
}

function assertEnvelope(value: BusRequest<unknown>): void {
  const ctx = value?.ctx;
  if (
    !ctx ||
    typeof ctx.requestId !== 'string' ||
    (ctx.tenantId !== null && typeof ctx.tenantId !== 'string') ||
    typeof ctx.actor !== 'object' ||
    ctx.actor === null ||
    !Array.isArray(ctx.actor.roles)
  ) {
    throw new Error('malformed envelope');
  }
}
