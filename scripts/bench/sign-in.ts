/**
 * Two costs of signing in, each against its floor measured in the same run:
 *
 * 1. Sign-ins per second through the whole platform (HTTP -> gateway -> NATS -> identity:
 *    throttle and lockout checks, argon2id verification, session, event, ES256 token) with
 *    CONCURRENCY clients, against raw argon2id verifications per second: the better of one
 *    in flight per core and CONCURRENCY in flight, so that identity's own limit on
 *    concurrent hashes (ARGON2_CONCURRENCY) is measured against the machine's best, not
 *    against an oversubscribed floor. Target: at least 0.8 of raw (argon2id is meant to
 *    dominate). Everything shares the machine's cores: the clients, the gateway, NATS,
 *    identity and Postgres; the CPU each used per sign-in is reported too.
 * 2. What the access-token guard adds to a request: p50 of GET /api/v1/auth/session
 *    (JWT verified, answered from the token, no bus call) minus p50 of GET /health/live
 *    (no authentication). Target: under 1 ms.
 *
 *   npm run bench:sign-in      (BENCH_SECONDS=8 per round, BENCH_N=3000 requests per latency round)
 *
 * BENCH_OVERHEAD_ONLY=1 gives the users a minimal-cost argon2id hash instead, so the CPU
 * figures show what everything but argon2id costs per sign-in (no target applies then).
 *
 * Starts its own gateway and identity on the Postgres and NATS of DATABASE_URL/NATS_URL,
 * in databases and a stream of its own, and removes them afterwards. The per-IP throttle
 * is raised (every client is 127.0.0.1) and the users are spread so that no account's
 * lockout or session policy gets in the way.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { TestStack } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Agent, request as httpRequest } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { measure } from './latency';
import { cpuMsOf } from './process-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const N = Number(process.env.BENCH_N ?? 3000);
const CONCURRENCY = 4;
const USERS = 8;
const ROUNDS = 5;
const PASSWORD = 'Bench-Sign-In-Pass-42';
/** The identity service's parameters (credentials/password-hasher.ts): OWASP's argon2id. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const OVERHEAD_ONLY = process.env.BENCH_OVERHEAD_ONLY === '1';
const CORES = availableParallelism();

/** Runs `op` in `concurrency` loops for `seconds`; operations per second. */
async function throughput(seconds: number, concurrency: number, op: (worker: number, i: number) => Promise<unknown>) {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        await op(worker, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** The local nats-server's pid, if it runs on this machine (its CPU is then counted too). */
function natsServerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'nats-server') return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'benchsignin',
    processes: ['gateway', 'identity'],
    envFor: { identity: { SIGN_IN_IP_LIMIT: '1000000' } },
    // BENCH_PROFILE_DIR=/tmp/prof writes V8 CPU profiles of identity and the gateway on exit.
    nodeArgsFor: process.env.BENCH_PROFILE_DIR
      ? {
          identity: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`],
          gateway: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`],
        }
      : undefined,
  });
  try {
    const db = new Client({ connectionString: stack.ownerUrlOf('identity') });
    // The stack drops its databases on the way out, ending this connection too.
    db.on('error', () => undefined);
    await db.connect();
    const school = randomUUID();
    await db.query(
      `insert into school (id, name, la_code, establishment_number, address_line1, address_town, address_postcode,
                           contact_name, contact_email, status, concurrent_sessions)
       values ($1, 'Bench School', '999', '9999', '1 Bench Road', 'Benchford', 'BE1 1NC', 'Office', 'office@bench.test',
               'active', 'allow')`,
      [school],
    );
    const passwordHash = await hash(PASSWORD, OVERHEAD_ONLY ? { ...ARGON2, memoryCost: 256, timeCost: 1 } : ARGON2);
    const usernames: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const username = `bench.user.${i}`;
      usernames.push(username);
      await db.query(
        `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
         values ($1, $2, 'staff', $3, $4, 'Bench', 'User', $5, '{teacher}', 'active')`,
        [randomUUID(), school, username, `${username}@bench.test`, passwordHash],
      );
    }

    // A lean keep-alive HTTP client: the client shares the machine's two cores with argon2id
    // too, and fetch() costs several times more CPU per request than node:http.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const { hostname, port } = new URL(stack.baseUrl);
    const post = (path: string, body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          { agent, hostname, port, path, method: 'POST', headers: { 'content-type': 'application/json' } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const signIn = async (worker: number, i: number) => {
      const login = usernames[(worker + i * CONCURRENCY) % USERS];
      const response = await post('/api/v1/auth/sign-in', JSON.stringify({ login, password: PASSWORD }));
      if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${response.body}`);
      return JSON.parse(response.body) as unknown;
    };
    const rawVerify = async () => {
      if (!(await verify(passwordHash, PASSWORD))) throw new Error('raw verify failed');
    };

    // Warm both paths (JIT, pools, signing-key cache) before measuring.
    await throughput(2, CONCURRENCY, signIn);
    await throughput(1, CONCURRENCY, rawVerify);
    const rawConcurrencies = [...new Set([CORES, CONCURRENCY])];

    // Where the CPU goes: each process's CPU time over the rounds, per operation. The
    // Postgres backends are those connected to identity's database (the bench's own included).
    const backends = async () =>
      (await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map(
        (row) => row.pid,
      );
    const cpu = { raw: 0, rawOps: 0, identity: 0, gateway: 0, postgres: 0, nats: 0, client: 0, signIns: 0 };
    const natsPid = natsServerPid();
    const rates = { gateway: [] as number[], raw: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      // Interleaved, so that machine noise hits both alike.
      const rawRates: Record<number, number> = {};
      for (const concurrency of rawConcurrencies) {
        const self = process.cpuUsage();
        rawRates[concurrency] = await throughput(SECONDS, concurrency, rawVerify);
        const rawCpu = process.cpuUsage(self);
        cpu.raw += (rawCpu.user + rawCpu.system) / 1000;
        cpu.rawOps += rawRates[concurrency] * SECONDS;
      }
      const raw = Math.max(...Object.values(rawRates));
      const pids = { identity: stack.pidOf('identity'), gateway: stack.pidOf('gateway'), postgres: await backends() };
      const before = {
        identity: cpuMsOf(pids.identity),
        gateway: cpuMsOf(pids.gateway),
        postgres: pids.postgres.reduce((sum, pid) => sum + cpuMsOf(pid), 0),
        nats: natsPid ? cpuMsOf(natsPid) : 0,
      };
      const self = process.cpuUsage();
      const gateway = await throughput(SECONDS, CONCURRENCY, signIn);
      const clientCpu = process.cpuUsage(self);
      cpu.client += (clientCpu.user + clientCpu.system) / 1000;
      cpu.identity += cpuMsOf(pids.identity) - before.identity;
      cpu.gateway += cpuMsOf(pids.gateway) - before.gateway;
      cpu.postgres += pids.postgres.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - before.postgres;
      cpu.nats += natsPid ? cpuMsOf(natsPid) - before.nats : 0;
      cpu.signIns += gateway * SECONDS;
      rates.raw.push(raw);
      rates.gateway.push(gateway);
      console.log(
        JSON.stringify({
          round,
          seconds: SECONDS,
          concurrency: CONCURRENCY,
          rawArgon2idVerifyPerSecond: Object.fromEntries(
            Object.entries(rawRates).map(([concurrency, rate]) => [
              `inFlight${concurrency}`,
              Math.round(rate * 10) / 10,
            ]),
          ),
          signInsPerSecond: Math.round(gateway * 10) / 10,
          ratio: Math.round((gateway / raw) * 1000) / 1000,
        }),
      );
    }

    const { accessToken } = (await signIn(0, 0)) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}` };
    const live = async () => {
      const response = await fetch(`${stack.baseUrl}/health/live`);
      if (response.status !== 200) throw new Error(`GET /health/live answered ${response.status}`);
      return response.json();
    };
    const session = async () => {
      const response = await fetch(`${stack.baseUrl}/api/v1/auth/session`, { headers });
      if (response.status !== 200) throw new Error(`GET /api/v1/auth/session answered ${response.status}`);
      return response.json();
    };
    const latency = { live: [] as number[], session: [] as number[] };
    for (let round = 1; round <= ROUNDS; round++) {
      const per = Math.ceil(N / ROUNDS);
      const warmup = Math.min(300, per);
      const open = await measure(per, warmup, live);
      const guarded = await measure(per, warmup, session);
      latency.live.push(open.p50);
      latency.session.push(guarded.p50);
      console.log(JSON.stringify({ round, n: per, unauthenticatedHealthLive: open, jwtGuardedAuthSession: guarded }));
    }

    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [gatewayRate, rawRate] = [median(rates.gateway), median(rates.raw)];
    const [open, guarded] = [median(latency.live), median(latency.session)];
    const perSignIn = (ms: number) => Math.round((ms / cpu.signIns) * 100) / 100;
    const argon2Ms = Math.round((cpu.raw / cpu.rawOps) * 100) / 100;
    console.log(
      JSON.stringify({
        cpuMsPerRawArgon2idVerify: argon2Ms,
        cpuMsPerSignIn: {
          identity: perSignIn(cpu.identity),
          identityBesidesArgon2id: Math.round((perSignIn(cpu.identity) - argon2Ms) * 100) / 100,
          gateway: perSignIn(cpu.gateway),
          postgresBackends: perSignIn(cpu.postgres),
          natsServer: natsPid ? perSignIn(cpu.nats) : 'not on this machine',
          benchClient: perSignIn(cpu.client),
        },
      }),
    );
    // The rest of the platform's share of the cores: the best ratio this machine allows
    // even if identity did nothing but hash, every other process costing what it did here.
    const others = cpu.gateway + cpu.postgres + cpu.nats + cpu.client;
    const busy = (cpu.identity + others) / (ROUNDS * SECONDS * 1000 * CORES);
    const ceiling = (CORES * 1000) / (argon2Ms + others / cpu.signIns) / rawRate;
    console.log(
      JSON.stringify({
        coresBusyDuringSignIns: Math.round(busy * 1000) / 1000,
        ratioIfIdentityDidNothingButArgon2id: Math.round(ceiling * 1000) / 1000,
      }),
    );
    const ratio = gatewayRate / rawRate;
    const added = guarded - open;
    if (OVERHEAD_ONLY) console.log('\nBENCH_OVERHEAD_ONLY: minimal argon2id hashes; the ratio below means nothing.');
    console.log(
      `\nsign-in throughput (${CONCURRENCY} clients, median of ${ROUNDS} x ${SECONDS} s): ` +
        `${gatewayRate.toFixed(1)}/s through the gateway vs ${rawRate.toFixed(1)}/s raw argon2id verify (best of ${rawConcurrencies.join(' and ')} in flight) = ` +
        `${ratio.toFixed(3)} of raw (target >= 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'})` +
        `\nJWT guard: p50 GET /api/v1/auth/session ${guarded.toFixed(3)} ms - GET /health/live ${open.toFixed(3)} ms = ` +
        `${added.toFixed(3)} ms added (target < 1 ms: ${added < 1 ? 'met' : 'NOT met'})`,
    );
    await db.end();
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
