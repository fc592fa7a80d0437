/**
 * P13 at scale, through the gateway:
 *
 * 1. With 50,000 active sessions over 1,000 schools (seeded straight into identity's
 *    database), the p95 of listing one page of active sessions (platform-wide, one
 *    school's, and a page deep in by cursor) and of the per-school summary. Target: each
 *    under 100 ms.
 * 2. The latency of authenticated requests (GET /api/v1/me) with activity reporting on
 *    versus off: two gateway replicas on the same bus and identity, one with
 *    ACTIVITY_REPORTING=on and one off, measured interleaved so that machine noise hits
 *    both alike. The "on" gateway reports every second (ACTIVITY_REPORT_INTERVAL_SECONDS=1,
 *    flushed every second) while requests cycle over many sessions: far more reporting
 *    than the default once a minute. Target: under 5% apart.
 *
 *   npm run bench:sessions        (BENCH_N=300 requests per list/summary measure, BENCH_ROUNDS=5)
 *
 * Starts its own gateways and identity on the Postgres and NATS of DATABASE_URL/NATS_URL,
 * in databases and a stream of its own, and removes them afterwards.
 */
import { Algorithm, hash } from '@node-rs/argon2';
import { TestStack } from '@pt/testing';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { LatencySummary, measure, summarise } from './latency';

const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCHOOLS = 1000;
const SESSIONS = 50_000;
/** Real signed-in sessions whose tokens the on/off comparison cycles over. */
const SIGNED_IN = 200;
const PASSWORD = 'Bench-Sessions-Pass-42';
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** GET over a kept-alive connection (fetch's per-request overhead would blur a few percent). */
function get(base: string, path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${base}${path}`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function ok(base: string, path: string, token: string): Promise<string> {
  const reply = await get(base, path, token);
  if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  return reply.body;
}

async function signIn(base: string, login: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Schools, one staff account per session, and the sessions, in a few set-based statements. */
async function seed(db: Client, passwordHash: string): Promise<void> {
  await db.query(
    `insert into school (id, name, la_code, establishment_number, address_line1, address_town, address_postcode,
                         contact_name, contact_email, status, concurrent_sessions)
     select gen_random_uuid(), 'Bench School ' || n, '990', lpad(n::text, 4, '0'), '1 Lane', 'Town', 'TE1 1ST',
            'Office', 'office' || n || '@bench.test', 'active', 'allow'
       from generate_series(1, $1) as n`,
    [SCHOOLS],
  );
  await db.query(
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
     select gen_random_uuid(), s.id, 'staff', 'bench.' || n, 'bench.' || n || '@bench.test', 'Bench', 'User', $2,
            array['teacher'], 'active'
       from generate_series(1, $1) as n
       join (select id, row_number() over (order by id) - 1 as k from school) s on s.k = n % $3`,
    [SESSIONS, passwordHash, SCHOOLS],
  );
  // Signed in within the last 8 hours, seen within the last 10 minutes: all active.
  await db.query(
    `insert into session (id, tenant_id, user_id, refresh_hash, previous_refresh_hashes, created_at, last_seen_at,
                          expires_at, user_agent, ip)
     select gen_random_uuid(), u.tenant_id, u.id, md5(u.id::text), '{}', t.created_at,
            now() - random() * interval '10 minutes', t.created_at + interval '12 hours',
            'Mozilla/5.0 (bench)', '10.0.' || (random() * 255)::int || '.' || (random() * 255)::int
       from user_account u
       cross join lateral (select date_trunc('milliseconds', now() - random() * interval '8 hours') as created_at) t
      where u.username like 'bench.%'`,
  );
  await db.query('analyze');
}

async function main(): Promise<void> {
  const activity = { ACTIVITY_REPORT_INTERVAL_SECONDS: '1', ACTIVITY_FLUSH_MS: '1000' };
  const stack = await TestStack.start({
    label: 'benchsessions',
    processes: ['gateway', 'identity'],
    envFor: {
      identity: { SIGN_IN_IP_LIMIT: '1000000' },
      gateway: { ...activity, ACTIVITY_REPORTING: 'on' },
    },
  });
  try {
    const offPort = await freePort();
    await stack.startProcess('gateway#2', { ...activity, ACTIVITY_REPORTING: 'off', PORT: String(offPort) });
    const on = stack.baseUrl;
    const off = `http://127.0.0.1:${offPort}`;

    const db = new Client({ connectionString: stack.ownerUrlOf('identity') });
    await db.connect();
    const passwordHash = await hash(PASSWORD, ARGON2);
    let started = Date.now();
    await seed(db, passwordHash);
    await db.query(
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
       values (gen_random_uuid(), null, 'platform', 'bench.ops', 'bench.ops@platform.test', 'Bench', 'Ops', $1,
               array['ops'], 'active')`,
      [passwordHash],
    );
    const { rows } = await db.query<{ active: string; schools: string }>(
      `select count(*) as active, count(distinct tenant_id) as schools from session
        where ended_at is null and last_seen_at > now() - interval '30 minutes'`,
    );
    console.log(JSON.stringify({ seeded: rows[0], seedMs: Date.now() - started }));

    const ops = await signIn(on, 'bench.ops');
    const someSchool = (await db.query<{ id: string }>('select id from school order by random() limit 1')).rows[0].id;
    // A cursor 100 pages in: keyset pagination should cost the same as the first page.
    let deepCursor = '';
    for (let page = 0; page < 100; page++) {
      deepCursor = (
        JSON.parse(await ok(on, `/api/v1/ops/sessions?limit=50${deepCursor ? `&cursor=${deepCursor}` : ''}`, ops)) as {
          nextCursor: string;
        }
      ).nextCursor;
    }
    const firstPage = JSON.parse(await ok(on, '/api/v1/ops/sessions?limit=50', ops)) as { items: unknown[] };
    const summary = JSON.parse(await ok(on, '/api/v1/ops/sessions/summary', ops)) as {
      total: number;
      schools: unknown[];
    };
    console.log(
      JSON.stringify({
        firstPageItems: firstPage.items.length,
        summaryTotal: summary.total,
        summarySchools: summary.schools.length,
      }),
    );
    const views = {
      listPlatformFirstPage: await measure(N, 30, () => ok(on, '/api/v1/ops/sessions?limit=50', ops)),
      listOneSchool: await measure(N, 30, () => ok(on, `/api/v1/ops/sessions?limit=50&schoolId=${someSchool}`, ops)),
      listPage101ByCursor: await measure(N, 30, () =>
        ok(on, `/api/v1/ops/sessions?limit=50&cursor=${deepCursor}`, ops),
      ),
      summary: await measure(N, 30, () => ok(on, '/api/v1/ops/sessions/summary', ops)),
    };
    for (const [name, result] of Object.entries(views)) console.log(JSON.stringify({ [name]: result }));

    // Real sessions for the on/off comparison (the seeded ones have no tokens).
    started = Date.now();
    const users = (
      await db.query<{ username: string }>(
        `select username from user_account where username like 'bench.%' and kind = 'staff' order by username limit $1`,
        [SIGNED_IN],
      )
    ).rows;
    const tokens: string[] = [];
    for (const { username } of users) tokens.push(await signIn(on, username));
    console.log(JSON.stringify({ signedIn: tokens.length, signInMs: Date.now() - started }));

    // Each gateway cycles over every signed-in session, so the reporting one notes them all.
    const next = new Map<string, number>();
    const me = (base: string) => {
      const i = next.get(base) ?? 0;
      next.set(base, i + 1);
      return ok(base, '/api/v1/me', tokens[i % tokens.length]);
    };
    const perRound = Math.max(200, N * 2);
    const rounds = { on: [] as LatencySummary[], off: [] as LatencySummary[] };
    for (let i = 0; i < 100; i++) await Promise.all([me(on), me(off)]);
    for (let round = 0; round < ROUNDS; round++) {
      // Request by request in turn (which one first alternates), so that noise from other
      // work on the machine falls on both alike.
      const samples = { on: [] as number[], off: [] as number[] };
      for (let i = 0; i < perRound; i++) {
        for (const which of i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const started = process.hrtime.bigint();
          await me(which === 'on' ? on : off);
          samples[which].push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
      rounds.on.push(summarise(samples.on));
      rounds.off.push(summarise(samples.off));
      console.log(JSON.stringify({ round: round + 1, on: rounds.on[round], off: rounds.off[round] }));
    }
    const reported = await db.query<{ n: string }>(`select count(*) as n from session where last_seen_ip is not null`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const onP50 = median(rounds.on.map((r) => r.p50));
    const offP50 = median(rounds.off.map((r) => r.p50));
    const onP95 = median(rounds.on.map((r) => r.p95));
    const offP95 = median(rounds.off.map((r) => r.p95));
    const worstView = Math.max(...Object.values(views).map((v) => v.p95));
    console.log(
      `\nP13 with ${SESSIONS} active sessions over ${SCHOOLS} schools: p95 list (platform first page) ` +
        `${views.listPlatformFirstPage.p95} ms, list (one school) ${views.listOneSchool.p95} ms, list (page 101) ` +
        `${views.listPage101ByCursor.p95} ms, summary ${views.summary.p95} ms (target < 100 ms: ${worstView < 100 ? 'met' : 'NOT met'}).\n` +
        `GET /api/v1/me, median over ${ROUNDS} rounds of ${perRound} per gateway: p50 on ${onP50} ms vs off ${offP50} ms ` +
        `(${(((onP50 - offP50) / offP50) * 100).toFixed(1)}%), p95 on ${onP95} ms vs off ${offP95} ms ` +
        `(${(((onP95 - offP95) / offP95) * 100).toFixed(1)}%); ` +
        `sessions with reported activity: ${reported.rows[0].n} (target < 5% apart).`,
    );
    await db.end();
  } finally {
    agent.destroy();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
