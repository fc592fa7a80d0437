/**
 * Listing invoices through the finance API (P28) with 100,000 invoices: the p95 of
 * GET /api/v1/finance/invoices with a finance API key (HTTP -> gateway -> identity checks
 * the key and counts it against its rate -> NATS -> billing -> Postgres, keyset on
 * (updated_at, id)) for
 *
 *   1. the first page of 50,
 *   2. a page deep in the list (the cursor of about the 60,000th invoice),
 *   3. a page of what changed since a time (updated_since at about the 90,000th invoice).
 *
 * Target: p95 under 30 ms each. Beside each, in the same run, the floor: the same page as
 * hand-written SQL sent straight to billing's database with `pg` (no HTTP, no bus, no key
 * check, no ORM), so that what the API adds can be told from what the machine costs
 * (these machines are shared and noisy).
 *
 *   npm run bench:finance-list      (BENCH_INVOICES=100000, BENCH_N=300 requests per query)
 *
 * Starts its own gateway, identity and billing on DATABASE_URL/NATS_URL, in databases and
 * a stream of its own (identity allows the key 100,000 requests per 6 seconds, so the rate
 * limit counts every request without refusing any), seeds the invoices with bulk SQL
 * (1,000 schools, issued, each with its own series) and removes it all afterwards.
 */
import { encodeCursor } from '@pt/persistence';
import { World } from '@pt/testing';
import { Client } from 'pg';
import { keepAliveGet, LatencySummary, measure } from './latency';

const INVOICES = Number(process.env.BENCH_INVOICES ?? 100_000);
const N = Number(process.env.BENCH_N ?? 300);
const SCHOOLS = 1000;
const PAGE = 50;
const TARGET_MS = 30;

/** An issued invoice's snapshot as billing writes it (the figures of a 200-pupil school). */
const SNAPSHOT = {
  supplier: {
    name: 'Pupil Tracking Ltd',
    address: ['1 Bench Street', 'Benchton', 'BE1 1NC'],
    vatNumber: 'GB123456789',
  },
  customer: {
    kind: 'academy_trust',
    name: 'Bench Learning Trust',
    address: { line1: '1 Trust Way', town: 'Testbury', postcode: 'TE1 1ST' },
    accountNumber: 1,
  },
  purchaseOrderNumber: 'PO-1',
  plan: { id: '00000000-0000-7000-8000-000000000001', code: 'std', name: 'Standard' },
  priceVersion: { id: '00000000-0000-7000-8000-000000000002', effectiveFrom: '2026-01-01' },
  pupils: 200,
  period: { from: '2026-09-01', to: '2027-08-31' },
  lines: [
    {
      description: 'Standard: base fee',
      quantity: 1,
      unitPricePence: 50000,
      vatRateBasisPoints: 2000,
      netPence: 50000,
      days: 365,
      yearDays: 365,
    },
    {
      description: 'Standard: pupils on roll',
      quantity: 200,
      unitPricePence: 300,
      vatRateBasisPoints: 2000,
      netPence: 60000,
      days: 365,
      yearDays: 365,
    },
  ],
  vat: [{ vatRateBasisPoints: 2000, netPence: 110000, vatPence: 22000 }],
  netPence: 110000,
  vatPence: 22000,
  grossPence: 132000,
  paymentTermsDays: 30,
};

/** The hand-written page: the statement billing's repository sends, written out by hand. */
const FLOOR_SQL = `select *, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at
  from invoice
 where status <> 'draft'
   and ($1::timestamptz is null or updated_at >= $1::timestamptz)
   and ($2::timestamptz is null or (updated_at, id) > ($2::timestamptz, $3::uuid))
 order by updated_at, id
 limit ${PAGE + 1}`;

async function seed(db: Client): Promise<void> {
  // One statement: each invoice of its school's series, issued on a day of 2026/27, changed
  // at a distinct microsecond-precise time (a few share one, as real writes do).
  await db.query(
    `insert into invoice (id, tenant_id, subscription_id, period_from, period_to, status, sequence_number, number,
                          issued_on, tax_point, due_on, snapshot, gross_pence, credited_pence, paid_pence,
                          created_at, updated_at)
     select gen_random_uuid(), school, gen_random_uuid(), '2026-09-01', '2027-08-31',
            (array['issued', 'partly_paid', 'paid'])[1 + n % 3], seq,
            'INV-' || lpad(school_no::text, 5, '0') || '-' || lpad(seq::text, 6, '0'),
            day, day, day + 30, $1::jsonb, 132000, 0, case when n % 3 = 2 then 132000 else 0 end,
            changed, changed
       from (select n, n % $3 as school_no, n / $3 + 1 as seq,
                    ('00000000-0000-4000-8000-' || lpad((n % $3)::text, 12, '0'))::uuid as school,
                    date '2026-09-01' + (n % 365) as day,
                    timestamptz '2026-09-01' + (n / 3) * interval '1 second' + (n % 3) * interval '7 microseconds' as changed
               from generate_series(0, $2 - 1) n) s`,
    [JSON.stringify(SNAPSHOT), INVOICES, SCHOOLS],
  );
  await db.query('analyze invoice');
}

async function main(): Promise<void> {
  const world = await World.start({
    label: 'benchfin',
    processes: ['gateway', 'identity', 'billing'],
    envFor: {
      identity: { FINANCE_API_RATE_LIMIT: '100000', FINANCE_API_RATE_WINDOW_SECONDS: '6' },
      // As in production: the test worlds' check of every answer against the API document
      // would validate each 100 KB page against its schema on every request.
      gateway: { RESPONSE_CONFORMANCE: 'off' },
    },
  });
  const stack = world.stack;
  const db = new Client({ connectionString: stack.ownerUrlOf('billing') });
  db.on('error', () => undefined);
  try {
    await db.connect();
    let started = performance.now();
    await seed(db);
    console.log(
      `seeded ${INVOICES} invoices of ${SCHOOLS} schools in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const finance = await world.staff(null, ['finance']);
    const made = await world.call(finance, 'POST', '/api/v1/platform/finance-api-keys', {
      name: 'bench',
      scopes: ['invoices:read'],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    if (made.status !== 201) throw new Error(`making the key answered ${made.status}`);
    const key = (made.body as { key: string }).key;

    const at = async (offset: number) =>
      (
        await db.query<{ id: string; changed_at: string }>(
          `select id, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at
             from invoice where status <> 'draft' order by updated_at, id offset $1 limit 1`,
          [offset],
        )
      ).rows[0];
    const deep = await at(Math.floor(INVOICES * 0.6));
    const recent = await at(Math.floor(INVOICES * 0.9));

    const get = keepAliveGet(stack.baseUrl, key);

    const cursor = encodeCursor({ key: deep.changed_at, id: deep.id });
    const pages: [
      label: string,
      path: string,
      floor: [since: string | null, after: string | null, id: string | null],
    ][] = [
      ['first page', `/api/v1/finance/invoices?limit=${PAGE}`, [null, null, null]],
      [
        'page at ~60% (cursor)',
        `/api/v1/finance/invoices?limit=${PAGE}&cursor=${encodeURIComponent(cursor)}`,
        [null, deep.changed_at, deep.id],
      ],
      [
        'updated_since ~90%',
        `/api/v1/finance/invoices?limit=${PAGE}&updated_since=${encodeURIComponent(recent.changed_at)}`,
        [recent.changed_at, null, null],
      ],
    ];
    // Not a target: one invoice a page, so that the trip's fixed cost (key check and rate count
    // in identity, the bus, a unit of work) can be told from the cost of a page's 50 invoices.
    pages.push(['one invoice (trip cost)', `/api/v1/finance/invoices?limit=1`, [null, null, null]]);
    const results: Record<string, { api: LatencySummary; floor: LatencySummary; items: number }> = {};
    started = performance.now();
    for (const [label, path, floorParams] of pages) {
      const probe = await get(path);
      if (probe.status !== 200) throw new Error(`${label}: ${probe.status} ${probe.body.slice(0, 300)}`);
      const items = (JSON.parse(probe.body) as { items: unknown[] }).items.length;
      const size = label.startsWith('one') ? 1 : PAGE;
      if (items !== size) throw new Error(`${label}: ${items} invoices, not a full page`);
      const floorSql = FLOOR_SQL.replace(`limit ${PAGE + 1}`, `limit ${size + 1}`);
      const floorRows = (await db.query(floorSql, floorParams)).rows.length;
      if (floorRows !== size + 1) throw new Error(`${label}: the floor found ${floorRows} rows`);
      // Interleaved, so that both meet the same moments of a noisy machine.
      const api = await measure(N, 30, async () => {
        const response = await get(path);
        if (response.status !== 200) throw new Error(`${label} answered ${response.status}`);
      });
      const floor = await measure(N, 30, () => db.query(floorSql, floorParams));
      results[label] = { api, floor, items };
      const line = (name: string, s: LatencySummary) =>
        `${s.p50.toFixed(2).padStart(6)} / ${s.p95.toFixed(2).padStart(6)} / ${s.p99.toFixed(2).padStart(6)} ms ${name}`;
      console.log(
        `${label.padEnd(24)} API p50/p95/p99 ${line('', api)} ` +
          (size === PAGE ? `${api.p95 < TARGET_MS ? 'ok' : 'OVER TARGET'} (target p95 < ${TARGET_MS} ms)` : ''),
      );
      console.log(`${''.padEnd(24)} floor (SQL)     ${line('', floor)}`);
    }
    console.log(
      `measured in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`,
    );
    console.log(JSON.stringify({ invoices: INVOICES, n: N, results }));
  } finally {
    await db.end().catch(() => undefined);
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
