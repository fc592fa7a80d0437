import { Inject, Injectable } from '@nestjs/common';
import {
  BEGIN_IDEMPOTENT_REQUEST,
  COMPLETE_IDEMPOTENT_REQUEST,
  IdempotencyBegin,
  IdempotencyHeldRef,
  IdempotentAnswer,
  RELEASE_IDEMPOTENT_REQUEST,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { BusClient, PLATFORM_LOGGER } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carries an Idempotency-Key this gateway took (or is replaying). */
    idempotency?: { ref: IdempotencyHeldRef; replay?: IdempotentAnswer };
  }
}

/** The answer's headers a replay repeats: what it is, where it was made, which version. */
const KEPT_HEADERS = ['content-type', 'location', 'etag'];

/**
 * Answers that tell the request was not carried out, so a retry must run it (the draft and
 * Stripe do not keep validation failures): bad input (400), over a rate (429), no service
 * answered (503); and no answer in time (504), whose write may or may not have been made: the
 * retry runs again and the service replays the reply it recorded with the write, if it made
 * it. Every other answer, success or failure, is kept and replayed.
 */
const NOT_KEPT = new Set([400, 413, 415, 429, 503, 504]);

/** Larger answers cannot cross the bus to be kept (NATS' 1 MB); no write answers anything near it. */
const MAX_KEPT_BYTES = 512 * 1024;

/** The gateway's side of the Idempotency-Key records identity keeps for every replica. */
@Injectable()
export class IdempotentRequests {
  /** This gateway process: the owner of the leases it takes. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  begin(ref: IdempotencyHeldRef): Promise<IdempotencyBegin> {
    return this.bus.request(
      BEGIN_IDEMPOTENT_REQUEST,
      systemCtx(),
      { ...ref, leaseSeconds: this.config.idempotencyLeaseSeconds },
      { timeoutMs: 2000 },
    );
  }

  /** Keeps what was sent, or frees the key when the answer says nothing was done. */
  async settle(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const held = request.idempotency;
    if (!held || held.replay) return;
    const body = payload === undefined || payload === null ? '' : payload;
    try {
      if (NOT_KEPT.has(reply.statusCode) || typeof body !== 'string' || body.length > MAX_KEPT_BYTES) {
        await this.bus.request(RELEASE_IDEMPOTENT_REQUEST, systemCtx(), held.ref, { timeoutMs: 2000 });
        return;
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      const answer = { status: reply.statusCode, headers, body };
      await this.bus.request(COMPLETE_IDEMPOTENT_REQUEST, systemCtx(), { ...held.ref, answer }, { timeoutMs: 2000 });
    } catch (error) {
      // The answer still goes out; the key stays in flight until its lease ends (a retry meanwhile
      // gets 409; after it the retry runs again and the service replays its recorded reply).
      this.logger.warn({ requestId: request.id, err: error }, 'could not keep the idempotent answer');
    }
  }
}

/**
 * Fastify hooks around every answer. The replay hook runs before the response check (so the
 * kept answer is what is checked and sent: its status, headers and body, marked
 * Idempotent-Replayed); the settling hook after it (so what is kept is what was sent).
 */
export function registerIdempotentReplays(fastify: {
  addHook: (
    name: 'onSend',
    hook: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>,
  ) => unknown;
}): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    const replay = request.idempotency?.replay;
    if (!replay) return payload;
    void reply.code(replay.status);
    if (!replay.headers['content-type']) reply.removeHeader('content-type');
    for (const [name, value] of Object.entries(replay.headers)) void reply.header(name, value);
    void reply.header('Idempotent-Replayed', 'true');
    return replay.body;
  });
}

export function registerIdempotentSettling(
  fastify: {
    addHook: (
      name: 'onSend',
      hook: (request: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown>,
    ) => unknown;
  },
  requests: IdempotentRequests,
): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    await requests.settle(request, reply, payload);
    return payload;
  });
}

function systemCtx() {
  return { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
}
