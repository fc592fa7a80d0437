/**
 * Round-trip latency of one authenticated API request through the whole platform
 * (HTTP -> gateway: JWT check -> NATS -> identity -> Postgres -> back), against its floor
 * measured in the same run: the same path written by hand (plain Fastify, the same ES256
 * token verified with the same key, one NATS request to a bare responder that runs one
 * `pg` round trip setting the tenant settings and selecting the row as identity's runtime
 * role, under row-level security), and its parts: a raw NATS request/reply and a raw `pg`
 * primary-key select.
 *
 *   npm run bench:roundtrip            (N=3000 by default; BENCH_N=... to change)
 *   BENCH_CPU_PROF=<dir> npm run ...   (also writes the gateway's and identity's CPU profiles there)
 *
 * Starts its own gateway and identity on the Postgres and NATS of DATABASE_URL/NATS_URL,
 * in databases and a stream of its own, and removes them afterwards.
 */
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AccessTokenClaims,
  GET_ME,
  JsonWebKeySet,
} from '@pt/contracts';
import { BusClient, SubjectNamespace } from '@pt/platform';
import { TestStack } from '@pt/testing';
import Fastify, { FastifyInstance } from 'fastify';
import { decode, verify } from 'jsonwebtoken';
import { connect, NatsConnection } from 'nats';
import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { LatencySummary, measure } from './latency';
import { cpuMsOf } from './process-cpu';

const N = Number(process.env.BENCH_N ?? 3000);
const WARMUP = Math.min(500, Math.ceil(N / 5));
const EMAIL = 'bench.admin@platform.test';
const PASSWORD = 'Bench-Password-1234';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const profiled = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'bench',
    processes: ['gateway', 'identity'],
    nodeArgsFor: { gateway: profiled, identity: profiled },
    envFor: { identity: { BOOTSTRAP_ADMIN_EMAIL: EMAIL, BOOTSTRAP_ADMIN_PASSWORD: PASSWORD } },
  });
  try {
    const signIn = await fetch(`${stack.baseUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: EMAIL, password: PASSWORD }),
    });
    const { accessToken } = (await signIn.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };

    const me = async () => {
      const response = await fetch(`${stack.baseUrl}/api/v1/me`, { headers });
      if (response.status !== 200) throw new Error(`GET /api/v1/me answered ${response.status}`);
      return response.json();
    };
    const { userId } = (await me()) as { userId: string };

    // Floor 1: NATS request/reply to a responder that answers at once.
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    const subject = `${stack.name}.bench.echo`;
    nc.subscribe(subject, { callback: (_err, msg) => msg.respond(msg.data) });
    const payload = new TextEncoder().encode(JSON.stringify({ ctx: { requestId: 'x' }, data: {} }));

    // Floor 2: a primary-key select on the same table, same server.
    const pg = new Client({ connectionString: stack.ownerUrlOf('identity') });
    await pg.connect();

    // The floor of the whole path: the same request served by hand.
    const floor = await startHandWrittenPath(stack, nc);
    const meByHand = async () => {
      const response = await fetch(`${floor.baseUrl}/api/v1/me`, { headers });
      if (response.status !== 200) throw new Error(`the hand-written GET /api/v1/me answered ${response.status}`);
      return response.json();
    };
    const byHand = (await meByHand()) as { userId: string };
    if (byHand.userId !== userId) throw new Error('the hand-written path read another user');

    // Where the time goes: the gateway's HTTP alone, and the service's handler over the bus alone.
    const live = () => fetch(`${stack.baseUrl}/health/live`).then((r) => r.json());
    const bus = new BusClient(nc, 2000, new SubjectNamespace(stack.name));
    const ctx = {
      tenantId: null,
      actor: { id: userId, kind: 'platform' as const, roles: ['platform-admin'] },
      requestId: 'bench',
      ip: null,
    };
    const meOverBus = () => bus.request(GET_ME, ctx, {});
    console.log(
      JSON.stringify({
        gatewayHttpOnly: await measure(N / 3, WARMUP, live),
        busToIdentityToPostgres: await measure(N / 3, WARMUP, meOverBus),
      }),
    );

    // Interleave them so that machine noise hits them alike.
    const results = {
      gateway: [] as Measured[],
      byHand: [] as Measured[],
      nats: [] as number[],
      pg: [] as number[],
    };
    for (let round = 0; round < 3; round++) {
      const per = Math.ceil(N / 3);
      const gw = await measureWithCpu(per, WARMUP, me, [stack.pidOf('gateway'), stack.pidOf('identity')]);
      const bh = await measureWithCpu(per, WARMUP, meByHand, []);
      const nt = await measure(per, WARMUP, () => nc.request(subject, payload, { timeout: 2000 }));
      const pq = await measure(per, WARMUP, () => pg.query('select * from user_account where id = $1', [userId]));
      results.gateway.push(gw);
      results.byHand.push(bh);
      results.nats.push(nt.p50);
      results.pg.push(pq.p50);
      console.log(
        JSON.stringify({
          round: round + 1,
          n: per,
          gatewayToPostgres: gw,
          handWrittenPath: bh,
          rawNatsRequest: nt,
          rawPgPrimaryKeySelect: pq,
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const platformP50 = median(results.gateway.map((r) => r.p50));
    const platformP95 = median(results.gateway.map((r) => r.p95));
    const floorP50 = median(results.byHand.map((r) => r.p50));
    const floorP95 = median(results.byHand.map((r) => r.p95));
    const parts = median(results.nats) + median(results.pg);
    const platformCpu = median(results.gateway.map((r) => r.cpuMsPerRequest));
    const floorCpu = median(results.byHand.map((r) => r.cpuMsPerRequest));
    console.log(
      `\nGET /api/v1/me over ${N} requests (median of 3 rounds):\n` +
        `  platform   (gateway -> NATS -> identity -> Postgres)  p50 ${platformP50.toFixed(3)} ms  p95 ${platformP95.toFixed(3)} ms\n` +
        `  floor      (the same path written by hand)            p50 ${floorP50.toFixed(3)} ms  p95 ${floorP95.toFixed(3)} ms\n` +
        `  ratio      platform / floor                           p50 ${(platformP50 / floorP50).toFixed(2)}x     p95 ${(platformP95 / floorP95).toFixed(2)}x\n` +
        `  CPU        per request, every process of ours on the path: platform ${platformCpu.toFixed(2)} ms, floor ${floorCpu.toFixed(2)} ms\n` +
        `  parts      raw NATS ${median(results.nats).toFixed(3)} ms + raw pg ${median(results.pg).toFixed(3)} ms = ${parts.toFixed(3)} ms`,
    );
    await floor.close();
    await pg.end();
    await nc.close();
  } finally {
    await stack.stop();
  }
}

interface Measured extends LatencySummary {
  /** CPU time per request of this process (the client, and the hand-written path) and of `pids`. */
  cpuMsPerRequest: number;
}

async function measureWithCpu(
  n: number,
  warmup: number,
  op: () => Promise<unknown>,
  pids: number[],
): Promise<Measured> {
  for (let i = 0; i < warmup; i++) await op();
  const cpuOf = () =>
    pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) +
    process.cpuUsage().user / 1000 +
    process.cpuUsage().system / 1000;
  const before = cpuOf();
  const latency = await measure(n, 0, op);
  return { ...latency, cpuMsPerRequest: Math.round(((cpuOf() - before) / n) * 100) / 100 };
}

interface HandWrittenPath {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * GET /api/v1/me with nothing but the libraries: Fastify, jsonwebtoken with identity's
 * published ES256 key (algorithm, audience, issuer and expiry checked, as the gateway
 * does), one NATS request with the same envelope, and a responder that reads the user in
 * one `pg` round trip as identity's runtime role: the transaction-local tenant settings
 * and the select sent together (one simple-protocol message is one implicit transaction),
 * so row-level security binds the select as it does in identity.
 */
async function startHandWrittenPath(stack: TestStack, nc: NatsConnection): Promise<HandWrittenPath> {
  const jwks = (await (await fetch(`${stack.baseUrl}/.well-known/jwks.json`)).json()) as JsonWebKeySet;
  const keys = new Map<string, KeyObject>(
    jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk as unknown as JsonWebKey, format: 'jwk' })]),
  );

  const names = stack.databaseOf('identity');
  const url = new URL(stack.ownerUrlOf('identity'));
  url.username = names.appRole;
  url.password = 'test-app-password';
  const db = new Client({ connectionString: url.toString() });
  await db.connect();

  const subject = `${stack.name}.bench.by-hand.me`;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const responder = nc.subscribe(subject, {
    callback: (_err, msg) => {
      const { ctx } = JSON.parse(decoder.decode(msg.data)) as {
        ctx: { tenantId: string | null; actor: { id: string } };
      };
      const scope = ctx.tenantId ? 'tenant' : 'platform';
      const sql =
        `select set_config('app.tenant_id', ${db.escapeLiteral(ctx.tenantId ?? '')}, true), ` +
        `set_config('app.scope', ${db.escapeLiteral(scope)}, true); ` +
        `select id, tenant_id, kind, username, roles from user_account where id = ${db.escapeLiteral(ctx.actor.id)}`;
      db.query(sql).then(
        (results) => {
          const user = (results as unknown as Array<{ rows: Array<Record<string, unknown>> }>)[1].rows[0];
          const reply = user
            ? {
                ok: true,
                data: {
                  userId: user.id,
                  tenantId: user.tenant_id,
                  kind: user.kind,
                  username: user.username,
                  roles: user.roles,
                  pendingPolicyDocuments: [],
                },
              }
            : { ok: false, error: { kind: 'not_found', code: 'user.not_found', message: 'The user does not exist' } };
          msg.respond(encoder.encode(JSON.stringify(reply)));
        },
        () => msg.respond(encoder.encode(JSON.stringify({ ok: false, error: { kind: 'internal' } }))),
      );
    },
  });

  const app: FastifyInstance = Fastify({ logger: false });
  app.get('/api/v1/me', async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const kid = token ? decode(token, { complete: true })?.header.kid : undefined;
    const key = kid ? keys.get(kid) : undefined;
    let claims: AccessTokenClaims;
    try {
      if (!token || !key) throw new Error('no token');
      claims = verify(token, key, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        audience: ACCESS_TOKEN_AUDIENCE,
        issuer: ACCESS_TOKEN_ISSUER,
      }) as AccessTokenClaims;
    } catch {
      return reply.code(401).send({ code: 'access_token.invalid' });
    }
    const ctx = {
      tenantId: claims.tid ?? null,
      actor: { id: claims.sub, kind: claims.akd, roles: claims.roles, permissions: claims.perms ?? [] },
      requestId: request.id,
      ip: request.ip,
    };
    const answer = await nc.request(subject, encoder.encode(JSON.stringify({ ctx, data: {} })), { timeout: 2000 });
    const body = JSON.parse(decoder.decode(answer.data)) as { ok: boolean; data?: unknown; error?: unknown };
    if (!body.ok) return reply.code(404).send(body.error);
    return body.data;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      responder.unsubscribe();
      await db.end();
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
