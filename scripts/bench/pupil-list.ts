/**
 * Listing pupils (P14) with 100,000 pupils in one school: the p95 of GET /api/v1/pupils
 * through the gateway (HTTP -> gateway -> NATS -> pupil-records -> Postgres with the
 * tenant filter and row-level security) for
 *
 *   1. the first page of 50,
 *   2. a page deep in the register (keyset cursor at about the 60,000th pupil),
 *   3. a filtered page (year group and FSM),
 *   4. searches: a common name prefix, a rare surname, and the start of a UPN.
 *
 * Target: p95 under 50 ms each. Beside them, the floor measured in the same run: GET
 * /api/v1/class-groups, the same trip through gateway, bus and a unit of work with a tiny
 * query, so that what the list itself costs can be told from what the machine costs
 * (these machines are shared and noisy).
 *
 *   npm run bench:pupil-list      (BENCH_PUPILS=100000, BENCH_N=300 requests per query)
 *
 * Starts its own gateway, identity and pupil-records on DATABASE_URL/NATS_URL, in
 * databases and a stream of its own, seeds the pupils with bulk SQL and removes it all
 * afterwards.
 */
import { encodeCursor } from '@pt/persistence';
import { World } from '@pt/testing';
import { Client } from 'pg';
import { upnCheckLetter } from '@pt/contracts';
import { keepAliveGet, LatencySummary, measure } from './latency';

const PUPILS = Number(process.env.BENCH_PUPILS ?? 100_000);
const N = Number(process.env.BENCH_N ?? 300);
const BATCH = 10_000;
const ADMIN = { login: 'bench.list@platform.test', password: 'Bench-List-Pass-123' };

// Common English surnames and forenames, so that name prefixes match as they would in a real school.
const SURNAMES = (
  'Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker ' +
  'White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin Cooper Hill Ward Morris ' +
  'Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young ' +
  'Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan ' +
  'Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali ' +
  'Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens ' +
  'Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott ' +
  'Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball ' +
  'Burton Okafor Nowak Kowalski Oyelaran Mensah Nguyen Chen Ibrahim Osei Santos Silva Costa Novak Horvat'
).split(' ');
const FORENAMES = (
  'Oliver George Arthur Noah Muhammad Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Theo Alfie Jacob ' +
  'Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward James Joshua Albie Elijah Max ' +
  'Mohammed Reuben Mason Sebastian Rory Jude Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie ' +
  'Sophia Isabella Grace Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie ' +
  'Matilda Maya Sophie Alice Emilia Isabelle Ruby Luna Maisie Aria Penelope Mila Bonnie Eva Hallie Eliza Ada ' +
  'Violet Esme Arabella Imogen Jessica Delilah Clara Amara Zainab Aisha Fatima Maryam Hana Priya Anaya Chloe'
).split(' ');
const YEARS = ['R', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13'];

/** A deterministic pseudo-random sequence, so that every run seeds the same register. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function seed(db: Client, tenantId: string, count: number, upnPrefix: string): Promise<void> {
  const next = random(count + upnPrefix.length);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  for (let start = 0; start < count; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => {
      const rest = `${upnPrefix}${String(start + i).padStart(12 - upnPrefix.length, '0')}`;
      const yearGroup = pick(YEARS);
      const age = yearGroup === 'R' ? 4 : Number(yearGroup) + 4;
      return {
        upn: upnCheckLetter(rest) + rest,
        forename: pick(FORENAMES),
        surname: pick(SURNAMES),
        preferred: next() < 0.05 ? pick(FORENAMES) : null,
        dob: `${2026 - age - 1}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-15`,
        yearGroup,
        fsm: next() < 0.24,
        eal: next() < 0.2,
        sen: next() < 0.13 ? 'sen-support' : next() < 0.03 ? 'ehc-plan' : 'none',
        inCare: next() < 0.01,
      };
    });
    // One statement per batch: unnest of column arrays is the bulk path short of COPY.
    await db.query(
      `insert into pupil (id, tenant_id, upn, legal_forename, legal_surname, preferred_forename, date_of_birth,
                          year_group, fsm, eal, sen_status, in_la_care, ever_in_care, created_at, updated_at)
       select gen_random_uuid(), $1, u, f, s, p, d::date, y, fsm, eal, sen, care, care, now(), now()
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::bool[],
                     $10::text[], $11::bool[]) as t(u, f, s, p, d, y, fsm, eal, sen, care)`,
      [
        tenantId,
        rows.map((r) => r.upn),
        rows.map((r) => r.forename),
        rows.map((r) => r.surname),
        rows.map((r) => r.preferred),
        rows.map((r) => r.dob),
        rows.map((r) => r.yearGroup),
        rows.map((r) => r.fsm),
        rows.map((r) => r.eal),
        rows.map((r) => r.sen),
        rows.map((r) => r.inCare),
      ],
    );
  }
}

async function main(): Promise<void> {
  const world = await World.start({
    admin: ADMIN,
    label: 'benchlist',
    processes: ['gateway', 'identity', 'pupil-records'],
  });
  const stack = world.stack;
  try {
    const platform = world.platformAdmin.token;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${stack.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${platform}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}`);
      return (await response.json()) as { id: string };
    };
    const school = async (establishmentNumber: string) =>
      (
        await post('/api/v1/platform/schools', {
          name: `Bench ${establishmentNumber}`,
          laCode: '997',
          establishmentNumber,
          address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
          contact: { name: 'Office', email: 'office@bench.test' },
        })
      ).id;
    const big = await school('7001');
    const small = await school('7002');

    const db = new Client({ connectionString: stack.ownerUrlOf('pupil-records') });
    db.on('error', () => undefined);
    await db.connect();
    let started = performance.now();
    await seed(db, big, PUPILS, '9970');
    // Another school beside it, so that the walls between schools are part of every query.
    await seed(db, small, 2000, '9971');
    await db.query('analyze pupil');
    console.log(`seeded ${PUPILS} + 2000 pupils in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const { token } = await world.staff(big, ['school-admin'], {
      username: 'bench.list.head',
      password: 'Bench-List-Head-123',
    });

    // The cursor the service would hand out after the ~60,000th pupil in name order.
    const [deep] = (
      await db.query<{ legal_surname: string; legal_forename: string; id: string }>(
        `select legal_surname, legal_forename, id from pupil where tenant_id = $1
          order by legal_surname, legal_forename, id offset $2 limit 1`,
        [big, Math.floor(PUPILS * 0.6)],
      )
    ).rows;
    const deepCursor = encodeCursor({ key: JSON.stringify([deep.legal_surname, deep.legal_forename]), id: deep.id });
    const [{ upn }] = (await db.query<{ upn: string }>('select upn from pupil where tenant_id = $1 limit 1', [big]))
      .rows;

    const get = keepAliveGet(stack.baseUrl, token);

    const queries: [label: string, path: string][] = [
      ['floor: GET /class-groups', '/api/v1/class-groups'],
      ['first page', '/api/v1/pupils?limit=50'],
      ['page at ~60% (cursor)', `/api/v1/pupils?limit=50&cursor=${encodeURIComponent(deepCursor)}`],
      ['filtered: year 7, FSM', '/api/v1/pupils?limit=50&yearGroup=7&fsm=true'],
      ['filtered: EHC plan, EAL', '/api/v1/pupils?limit=50&senStatus=ehc-plan&eal=true'],
      // Fewer matches than a page: the whole school is considered, the worst case of a filter.
      ['filtered: in care, year 10', '/api/v1/pupils?limit=50&inLaCare=true&yearGroup=10'],
      ['filtered: in care, EHC plan', '/api/v1/pupils?limit=50&inLaCare=true&senStatus=ehc-plan'],
      ['search: common prefix "sm"', '/api/v1/pupils?limit=50&q=sm'],
      // One letter: a fifth of the school matches, the broadest search.
      ['search: one letter "s"', '/api/v1/pupils?limit=50&q=s'],
      ['search: "smith o"', '/api/v1/pupils?limit=50&q=smith%20o'],
      ['search: rare surname', '/api/v1/pupils?limit=50&q=oyelaran'],
      ['search: UPN prefix', `/api/v1/pupils?limit=50&q=${upn.slice(0, 9)}`],
    ];
    const results: Record<string, LatencySummary & { items: number }> = {};
    started = performance.now();
    for (const [label, path] of queries) {
      const probe = await get(path);
      if (probe.status !== 200) throw new Error(`${label}: ${probe.status} ${probe.body.slice(0, 300)}`);
      const items = (JSON.parse(probe.body) as { items: unknown[] }).items.length;
      if (!label.startsWith('floor') && items === 0) throw new Error(`${label}: no pupils found`);
      const summary = await measure(N, 30, async () => {
        const response = await get(path);
        if (response.status !== 200) throw new Error(`${label} answered ${response.status}`);
      });
      results[label] = { ...summary, items };
      console.log(
        `${label.padEnd(28)} items ${String(items).padStart(2)}  p50 ${summary.p50.toFixed(2).padStart(6)} ms  ` +
          `p95 ${summary.p95.toFixed(2).padStart(6)} ms  p99 ${summary.p99.toFixed(2).padStart(6)} ms  ` +
          (label.startsWith('floor') ? '' : `${summary.p95 < 50 ? 'ok' : 'OVER TARGET'} (target p95 < 50 ms)`),
      );
    }
    console.log(JSON.stringify({ pupils: PUPILS, n: N, results }));
    await db.end();
  } finally {
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
