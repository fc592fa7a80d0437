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
import { GET_ME, JsonWebKeySet } from '@pt/contracts';
import { BusClient, SubjectNamespace } from '@pt/platform';
import { TestStack } from '@pt/testing';
import { connect } from 'nats';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Client } from 'pg';
import { HandWrittenSettings, Running, startHandWrittenGateway, startHandWrittenResponder } from './hand-written-path';
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
    // The floor: the same request served by hand, as processes of their own like the
    // gateway and identity (each hop wakes another process, as on the platform's path),
    // and all in this process, for comparison.
    const appUrl = new URL(stack.ownerUrlOf('identity'));
    appUrl.username = stack.databaseOf('identity').appRole;
    appUrl.password = 'test-app-password';
    const settings = (where: string): HandWrittenSettings => ({
      natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      subject: `${stack.name}.bench.by-hand.${where}`,
      pgUrl: appUrl.toString(),
      jwks: jwks as JsonWebKeySet,
    });
    const jwks = (await (await fetch(`${stack.baseUrl}/.well-known/jwks.json`)).json()) as JsonWebKeySet;
    const floorResponder = await spawnHandWritten('responder', settings('processes'));
    const floorGateway = await spawnHandWritten('gateway', settings('processes'));
    const inProcess: Running[] = [
      await startHandWrittenResponder(nc, settings('in-process')),
      await startHandWrittenGateway(nc, settings('in-process')),
    ];
    const meByHandAt = (baseUrl: string) => async () => {
      const response = await fetch(`${baseUrl}/api/v1/me`, { headers });
      if (response.status !== 200) throw new Error(`the hand-written GET /api/v1/me answered ${response.status}`);
      return response.json();
    };
    const meByHand = meByHandAt(floorGateway.baseUrl);
    const meByHandInProcess = meByHandAt(inProcess[1].baseUrl);
    for (const op of [meByHand, meByHandInProcess]) {
      if (((await op()) as { userId: string }).userId !== userId)
        throw new Error('the hand-written path read another user');
    }

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
      inProcess: [] as Measured[],
      nats: [] as number[],
      pg: [] as number[],
    };
    for (let round = 0; round < 3; round++) {
      const per = Math.ceil(N / 3);
      const gw = await measureWithCpu(per, WARMUP, me, [stack.pidOf('gateway'), stack.pidOf('identity')]);
      const bh = await measureWithCpu(per, WARMUP, meByHand, [floorGateway.pid, floorResponder.pid]);
      const ip = await measureWithCpu(per, WARMUP, meByHandInProcess, []);
      const nt = await measure(per, WARMUP, () => nc.request(subject, payload, { timeout: 2000 }));
      const pq = await measure(per, WARMUP, () => pg.query('select * from user_account where id = $1', [userId]));
      results.gateway.push(gw);
      results.byHand.push(bh);
      results.inProcess.push(ip);
      results.nats.push(nt.p50);
      results.pg.push(pq.p50);
      console.log(
        JSON.stringify({
          round: round + 1,
          n: per,
          gatewayToPostgres: gw,
          handWrittenPath: bh,
          handWrittenPathInOneProcess: ip,
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
    const inProcessP50 = median(results.inProcess.map((r) => r.p50));
    console.log(
      `\nGET /api/v1/me over ${N} requests (median of 3 rounds):\n` +
        `  platform   (gateway -> NATS -> identity -> Postgres)          p50 ${platformP50.toFixed(3)} ms  p95 ${platformP95.toFixed(3)} ms\n` +
        `  floor      (the same path written by hand, as two processes)  p50 ${floorP50.toFixed(3)} ms  p95 ${floorP95.toFixed(3)} ms\n` +
        `  ratio      platform / floor                                   p50 ${(platformP50 / floorP50).toFixed(2)}x     p95 ${(platformP95 / floorP95).toFixed(2)}x\n` +
        `  CPU        per request, every process of ours on the path: platform ${platformCpu.toFixed(2)} ms, floor ${floorCpu.toFixed(2)} ms\n` +
        `  in one     the hand-written path inside the bench's own process    p50 ${inProcessP50.toFixed(3)} ms (platform / it ${(platformP50 / inProcessP50).toFixed(2)}x)\n` +
        `  parts      raw NATS ${median(results.nats).toFixed(3)} ms + raw pg ${median(results.pg).toFixed(3)} ms = ${parts.toFixed(3)} ms`,
    );
    for (const running of inProcess.reverse()) await running.close();
    await stopChild(floorGateway.child);
    await stopChild(floorResponder.child);
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

interface HandWrittenProcess {
  child: ChildProcess;
  pid: number;
  baseUrl: string;
}

/** One part of the hand-written path as a process of its own (hand-written-path.ts), once it serves. */
async function spawnHandWritten(
  role: 'gateway' | 'responder',
  settings: HandWrittenSettings,
): Promise<HandWrittenProcess> {
  const child = spawn(process.execPath, [...profiled, join(__dirname, 'hand-written-path.js'), role], {
    env: { ...process.env, HAND_WRITTEN_PATH: JSON.stringify(settings) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const ready = /^ready (.*)$/m.exec(output);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`the hand-written ${role} exited (${code})`)));
  });
  return { child, pid: child.pid!, baseUrl };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
