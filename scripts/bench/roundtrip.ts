/**
 * Round-trip latency of one authenticated API request through the whole platform
 * (HTTP -> gateway: JWT check -> NATS -> identity -> Postgres -> back), against its floor
 * measured in the same run: a raw NATS request/reply plus a raw `pg` primary-key select.
 *
 *   npm run bench:roundtrip            (N=3000 by default; BENCH_N=... to change)
 *
 * Starts its own gateway and identity on the Postgres and NATS of DATABASE_URL/NATS_URL,
 * in databases and a stream of its own, and removes them afterwards.
 */
import { GET_ME } from '@pt/contracts';
import { BusClient, SubjectNamespace } from '@pt/platform';
import { TestStack } from '@pt/testing';
import { connect } from 'nats';
import { Client } from 'pg';
import { measure } from './latency';

const N = Number(process.env.BENCH_N ?? 3000);
const WARMUP = Math.min(500, Math.ceil(N / 5));
const EMAIL = 'bench.admin@platform.test';
const PASSWORD = 'Bench-Password-1234';

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'bench',
    processes: ['gateway', 'identity'],
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

    // Interleave the three so that machine noise hits them alike.
    const results = { gateway: [] as number[], nats: [] as number[], pg: [] as number[] };
    for (let round = 0; round < 3; round++) {
      const per = Math.ceil(N / 3);
      const gw = await measure(per, WARMUP, me);
      const nt = await measure(per, WARMUP, () => nc.request(subject, payload, { timeout: 2000 }));
      const pq = await measure(per, WARMUP, () => pg.query('select * from user_account where id = $1', [userId]));
      results.gateway.push(gw.p50);
      results.nats.push(nt.p50);
      results.pg.push(pq.p50);
      console.log(
        JSON.stringify({
          round: round + 1,
          n: per,
          gatewayToPostgres: gw,
          rawNatsRequest: nt,
          rawPgPrimaryKeySelect: pq,
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const gateway = median(results.gateway);
    const floor = median(results.nats) + median(results.pg);
    console.log(
      `\np50 over ${N} requests: gateway -> NATS -> identity -> Postgres ${gateway.toFixed(3)} ms; ` +
        `raw NATS ${median(results.nats).toFixed(3)} ms + raw pg ${median(results.pg).toFixed(3)} ms = ${floor.toFixed(3)} ms; ` +
        `platform overhead ${(gateway - floor).toFixed(3)} ms (HTTP, JWT verification, envelope, transaction with tenant settings)`,
    );
    await pg.end();
    await nc.close();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
