import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { definePattern, MessageContext } from '@pt/contracts';
import { eventually, testNatsUrl, uniqueTestName } from '@pt/testing';
import { connect, NatsConnection, NatsError } from 'nats';
import pino from 'pino';
import { Writable } from 'node:stream';
import { BusClient } from './bus-client';
import { BusException } from './bus-exception';
import { BusExceptionFilter } from './bus-exception.filter';
import { NatsBusServer } from './bus-server';
import { Handles, MsgCtx, MsgData } from './message-decorators';
import { Access } from '../access/access.decorator';
import { Allow } from '../access/access-rule';
import { createLogger, NestPinoLogger } from '../logging/logger';

const ns = uniqueTestName('bus').replace(/_/g, '-');
const ECHO = definePattern<{ text: string }, { text: string; ctx: MessageContext; instance: string }>(`${ns}.echo.run`);
const SLOW = definePattern<{ ms: number }, { done: true }>(`${ns}.slow.run`);
const CONFLICT = definePattern<Record<string, never>, never>(`${ns}.conflict.run`);
const CRASH = definePattern<Record<string, never>, never>(`${ns}.crash.run`);
const NOBODY = definePattern<Record<string, never>, never>(`${ns}.nobody.run`);

/** Slow requests a replica has begun to handle. */
let slowStarted = 0;

const ctx: MessageContext = {
  tenantId: '0b8f3c2e-6a43-4a8e-9b1d-1d6a0d3c9e11',
  actor: { id: 'a1', kind: 'staff', roles: ['teacher'] },
  requestId: 'req-bus-spec-0001',
  ip: '127.0.0.1',
};

function echoControllerFor(instance: string) {
  @Controller()
  class EchoController {
    @Handles(ECHO)
    @Access(Allow.public())
    echo(@MsgCtx() messageCtx: MessageContext, @MsgData() data: { text: string }) {
      logger.info({ pattern: 'echo' }, 'echo handled');
      return { text: data.text, ctx: messageCtx, instance };
    }

    @Handles(SLOW)
    @Access(Allow.public())
    async slow(@MsgData() data: { ms: number }) {
      slowStarted += 1;
      await new Promise((resolve) => setTimeout(resolve, data.ms));
      return { done: true };
    }

    @Handles(CONFLICT)
    @Access(Allow.public())
    conflict() {
      throw BusException.conflict('duplicate', 'The thing already exists', { thingId: 't-1' });
    }

    @Handles(CRASH)
    @Access(Allow.public())
    crash() {
      // A message with personal data must not reach the caller.
      throw new Error('failed for jane.doe@example.com');
    }
  }
  return EchoController;
}

const lines: Record<string, unknown>[] = [];
const logger = createLogger({
  service: 'bus-spec',
  level: 'debug',
  destination: new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  }),
});

async function startReplica(instance: string): Promise<INestMicroservice> {
  @Module({ controllers: [echoControllerFor(instance)] })
  class ReplicaModule {}
  const app = await NestFactory.createMicroservice(ReplicaModule, {
    strategy: new NatsBusServer({ service: ns, servers: [testNatsUrl()], logger, shutdownTimeoutMs: 5000 }),
    logger: new NestPinoLogger(pino({ level: 'silent' })),
  });
  app.useGlobalFilters(new BusExceptionFilter(logger));
  await app.listen();
  return app;
}

describe('NATS bus: request/reply between services', () => {
  let nc: NatsConnection;
  let bus: BusClient;
  let replicas: INestMicroservice[];

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl() });
    bus = new BusClient(nc, 5000);
    replicas = [await startReplica('r1'), await startReplica('r2')];
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await nc.close();
  });

  it('delivers the typed payload and the ctx envelope, and returns the typed reply', async () => {
    const reply = await bus.request(ECHO, ctx, { text: 'hello' });
    expect(reply.text).toBe('hello');
    expect(reply.ctx).toEqual(ctx);
  });

  it('shares work between replicas of one service through its queue group', async () => {
    const replies = await Promise.all(Array.from({ length: 40 }, () => bus.request(ECHO, ctx, { text: 'x' })));
    const instances = new Set(replies.map((r) => r.instance));
    expect(instances).toEqual(new Set(['r1', 'r2']));
  });

  it("carries a handler's typed failure to the caller with its kind, code and details", async () => {
    const error = await bus.request(CONFLICT, ctx, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusException);
    expect((error as BusException).body).toEqual({
      kind: 'conflict',
      code: 'duplicate',
      message: 'The thing already exists',
      details: { thingId: 't-1' },
    });
  });

  it('answers an unexpected failure as internal, without its message', async () => {
    const error = (await bus.request(CRASH, ctx, {}).catch((e: unknown) => e)) as BusException;
    expect(error.body).toEqual({ kind: 'internal', code: 'internal_error', message: 'An unexpected error occurred' });
    expect(JSON.stringify(lines)).not.toContain('jane.doe@example.com');
  });

  it('fails at once with "unavailable" when no service listens, rather than waiting for the timeout', async () => {
    const started = Date.now();
    const error = (await bus.request(NOBODY, ctx, {}, { timeoutMs: 5000 }).catch((e: unknown) => e)) as BusException;
    expect(error.kind).toBe('unavailable');
    expect(error.code).toBe('service.unavailable');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up with "timeout" when the service does not answer within the request timeout', async () => {
    const started = Date.now();
    const error = (await bus
      .request(SLOW, ctx, { ms: 1500 }, { timeoutMs: 150 })
      .catch((e: unknown) => e)) as BusException;
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('fails a request in flight at once with "bus.unavailable" when its connection closes, not at its timeout', async () => {
    const own = await connect({ servers: testNatsUrl() });
    const ownBus = new BusClient(own, 5000);
    const started = Date.now();
    const inFlight = ownBus.request(SLOW, ctx, { ms: 1500 }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    const error = (await inFlight) as BusException;
    expect(error).toBeInstanceOf(BusException);
    expect(error.code).toBe('bus.unavailable');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives every request of many at once its own reply', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `t${i}`);
    const replies = await Promise.all(texts.map((text) => bus.request(ECHO, ctx, { text })));
    expect(replies.map((r) => r.text)).toEqual(texts);
  });

  it('builds no error object for a request that succeeds', async () => {
    // nats.js' own request made a NatsError, stack and all, for every request it completed.
    const errorForCode = jest.spyOn(NatsError, 'errorForCode');
    try {
      await bus.request(ECHO, ctx, { text: 'quiet' });
      expect(errorForCode).not.toHaveBeenCalled();
    } finally {
      errorForCode.mockRestore();
    }
  });

  it('rejects a message without a valid ctx envelope', async () => {
    const msg = await nc.request(ECHO.subject, new TextEncoder().encode('{"data":{}}'), { timeout: 2000 });
    expect(JSON.parse(new TextDecoder().decode(msg.data))).toMatchObject({
      ok: false,
      error: { kind: 'validation', code: 'bus.malformed_envelope' },
    });
  });

  it("writes the ctx's request id and tenant into every log line of the handler", async () => {
    await bus.request(ECHO, { ...ctx, requestId: 'req-log-check-42' }, { text: 'log me' });
    const handled = lines.filter((l) => l.msg === 'echo handled' && l.requestId === 'req-log-check-42');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ tenantId: ctx.tenantId, actorId: 'a1', op: ECHO.subject });
  });

  it('on shutdown stops taking messages, finishes the ones in flight, then leaves the queue group', async () => {
    const extra = await startReplica('r3');
    // Only r3 remains after the others close, so the in-flight request is surely on r3.
    await Promise.all(replicas.map((r) => r.close()));
    const started = slowStarted;
    const inFlight = bus.request(SLOW, ctx, { ms: 400 }, { timeoutMs: 5000 });
    // In flight means r3 has it: a request still on its way when r3 unsubscribes would find no responder.
    await eventually('r3 is handling the request', () => slowStarted > started);
    const closing = extra.close();
    await expect(inFlight).resolves.toEqual({ done: true });
    await closing;
    const after = (await bus.request(ECHO, ctx, { text: 'late' }).catch((e: unknown) => e)) as BusException;
    expect(after.kind).toBe('unavailable');
    replicas = [];
  });
});
