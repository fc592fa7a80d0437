/**
 * The annual invoice run (issue 14) for 2,000 schools: the time of one
 * POST /api/v1/platform/billing/invoice-runs as a platform finance user (HTTP -> gateway ->
 * NATS -> billing: every subscription covering the day drafted, numbered from its school's
 * series, issued and its event staged), and invoices per second.
 *
 * Target: under 20 s. Beside it, in the same run, the floor: the same 2,000 invoices (their
 * snapshot with its two lines), each school's series counter and an invoice-issued event
 * each, written by hand-written SQL straight into billing's database in one transaction
 * with `pg` (no HTTP, no bus, no ORM, no transaction per school), so that what the run adds
 * can be told from what the machine costs (these machines are shared and noisy). The floor
 * writes the schools' following term year, so the two never meet on the unique key of
 * (subscription, term year).
 *
 *   npm run bench:invoice-run      (BENCH_SCHOOLS=2000)
 *
 * Starts its own gateway, identity and billing on DATABASE_URL/NATS_URL, in databases and a
 * stream of its own, seeds the signed, subscribed schools with their rolls by bulk SQL (a plan
 * at 50,000 a year plus 300 a pupil, VAT 20%; 2026-09-01 to 2028-08-31, 50 to 1,049 pupils)
 * and removes it all afterwards. The gateway waits for billing's answer as long as the run
 * takes (NATS_REQUEST_TIMEOUT_MS): at the default 5 s a longer run answers 504 while billing
 * carries on.
 */
import { World } from '@pt/testing';
import { loadavg } from 'node:os';
import { Client } from 'pg';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 2000);
const TARGET_S = 20;
const RUN_DAY = '2026-10-01';
const PLAN_ID = '00000000-0000-7000-8000-00000000b001';
const PRICE_ID = '00000000-0000-7000-8000-00000000b002';

async function seed(db: Client): Promise<void> {
  await db.query('begin');
  await db.query(`insert into plan (id, code, name, created_at) values ($1, 'bench-std', 'Standard', now())`, [
    PLAN_ID,
  ]);
  await db.query(
    `insert into plan_price_version (id, plan_id, effective_from, base_fee_pence, per_pupil, vat_rate_basis_points, created_at)
     values ($2, $1, '2026-01-01', 50000, '{"kind":"linear","perPupilPence":300}', 2000, now())`,
    [PLAN_ID, PRICE_ID],
  );
  // The schools as identity's signed-terms event and pupil-records' count leave them: a
  // billing customer each, its roll, and its subscription (alternately a trust and an LA school).
  await db.query(
    `with school as (
       select n, ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid as id, 50 + (n * 37) % 1000 as pupils
         from generate_series(1, $1::int) n),
     customer as (insert into billing_customer (tenant_id, since) select id, now() from school),
     roll as (insert into school_roll (tenant_id, pupils_on_roll, as_of) select id, pupils, now() from school)
     insert into subscription (id, tenant_id, plan_id, price_version_id, starts_on, ends_on, pupils,
                               billing_contact_email, purchase_order_number, legal_entity, status, created_at, updated_at)
     select gen_random_uuid(), id, $2, $3, '2026-09-01', '2028-08-31', pupils, 'bursar' || n || '@school.example',
            'PO-' || n,
            jsonb_build_object('kind', case when n % 2 = 0 then 'academy_trust' else 'la_school' end,
                               'name', 'Bench School ' || n,
                               'address', jsonb_build_object('line1', n || ' School Lane', 'town', 'Benchton', 'postcode', 'BE1 1NC')),
            'active', now(), now()
       from school`,
    [SCHOOLS, PLAN_ID, PRICE_ID],
  );
  await db.query('commit');
  await db.query('analyze billing_customer; analyze school_roll; analyze subscription');
}

/**
 * The floor: the year after the run's, every figure worked out in SQL (base fee line, pupils
 * line, VAT at 20% rounded half up), the series counters taken in the same statement.
 */
const FLOOR_SQL = `
with due as (
  select s.id, s.tenant_id, s.pupils, s.legal_entity, s.purchase_order_number, c.account_number,
         s.pupils * 300 as pupils_net, 50000 + s.pupils * 300 as net
    from subscription s join billing_customer c using (tenant_id)
   where s.starts_on <= $1::date and s.ends_on >= $1::date),
series as (
  insert into document_series (tenant_id, series, last_number)
  select tenant_id, 'invoice', 1 from due
  on conflict (tenant_id, series) do update set last_number = document_series.last_number + 1
  returning tenant_id, last_number),
issued as (
  insert into invoice (id, tenant_id, subscription_id, period_from, period_to, status, sequence_number, number,
                       issued_on, tax_point, due_on, snapshot, gross_pence, created_at, updated_at)
  select gen_random_uuid(), due.tenant_id, due.id, $2::date, $3::date, 'issued', series.last_number,
         'INV-' || lpad(due.account_number::text, 6, '0') || '-' || lpad(series.last_number::text, 6, '0'),
         current_date, current_date, current_date + 30,
         jsonb_build_object(
           'supplier', jsonb_build_object('name', 'Pupil Tracking Ltd', 'address', jsonb_build_array('1 Bench Street', 'Benchton', 'BE1 1NC'), 'vatNumber', 'GB123456789'),
           'customer', due.legal_entity || jsonb_build_object('accountNumber', due.account_number),
           'purchaseOrderNumber', due.purchase_order_number,
           'plan', jsonb_build_object('id', '${PLAN_ID}', 'code', 'bench-std', 'name', 'Standard'),
           'priceVersion', jsonb_build_object('id', '${PRICE_ID}', 'effectiveFrom', '2026-01-01'),
           'pupils', due.pupils,
           'period', jsonb_build_object('from', $2::text, 'to', $3::text),
           'lines', jsonb_build_array(
             jsonb_build_object('description', 'Standard: annual base fee, ' || $2 || ' to ' || $3, 'quantity', 1,
                                'unitPricePence', 50000, 'vatRateBasisPoints', 2000, 'netPence', 50000, 'days', 366, 'yearDays', 366),
             jsonb_build_object('description', 'Standard: per pupil on roll, ' || $2 || ' to ' || $3, 'quantity', due.pupils,
                                'unitPricePence', 300, 'vatRateBasisPoints', 2000, 'netPence', due.pupils_net, 'days', 366, 'yearDays', 366)),
           'vat', jsonb_build_array(jsonb_build_object('vatRateBasisPoints', 2000, 'netPence', due.net, 'vatPence', round(due.net * 0.2))),
           'netPence', due.net, 'vatPence', round(due.net * 0.2), 'grossPence', due.net + round(due.net * 0.2),
           'paymentTermsDays', 30),
         due.net + round(due.net * 0.2), now(), now()
    from due join series using (tenant_id)
  returning id, tenant_id)
insert into outbox (id, subject, envelope)
select gen_random_uuid(), 'billing.invoice.issued',
       jsonb_build_object('id', gen_random_uuid(), 'subject', 'billing.invoice.issued', 'tenantId', tenant_id,
                          'occurredAt', now(), 'data', jsonb_build_object('invoiceId', id))
  from issued`;

async function main(): Promise<void> {
  const world = await World.start({
    label: 'benchrun',
    processes: ['gateway', 'identity', 'billing'],
    envFor: {
      // The run is one request; the gateway waits for its answer (see above).
      gateway: { RESPONSE_CONFORMANCE: 'off', NATS_REQUEST_TIMEOUT_MS: '120000' },
      // Only the run asked for: the timer's run of today must not race it.
      billing: { BILLING_INVOICE_RUN_INTERVAL_HOURS: '0' },
    },
  });
  const db = new Client({ connectionString: world.stack.ownerUrlOf('billing') });
  db.on('error', () => undefined);
  try {
    await db.connect();
    let started = performance.now();
    await seed(db);
    console.log(
      `seeded ${SCHOOLS} signed, subscribed schools in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const finance = await world.staff(null, ['finance']);
    const load = loadavg()[0];

    started = performance.now();
    const run = await world.call(finance, 'POST', '/api/v1/platform/billing/invoice-runs', { on: RUN_DAY });
    const runS = (performance.now() - started) / 1000;
    if (run.status !== 200) throw new Error(`the run answered ${run.status} ${JSON.stringify(run.body).slice(0, 300)}`);
    const view = run.body as { invoiced: number; alreadyInvoiced: number; failed: unknown[] };
    const issued = Number(
      (await db.query(`select count(*) from invoice where status = 'issued' and period_from = '2026-09-01'`)).rows[0]
        .count,
    );
    if (view.invoiced !== SCHOOLS || view.failed.length !== 0 || issued !== SCHOOLS) {
      throw new Error(`the run invoiced ${view.invoiced}, failed ${view.failed.length}, ${issued} issued`);
    }

    started = performance.now();
    await db.query('begin');
    const floorRows = (await db.query(FLOOR_SQL, ['2027-10-01', '2027-09-01', '2028-08-31'])).rowCount;
    await db.query('commit');
    const floorS = (performance.now() - started) / 1000;
    if (floorRows !== SCHOOLS) throw new Error(`the floor wrote ${floorRows} invoices`);

    const line = (name: string, s: number) =>
      `${name.padEnd(26)} ${s.toFixed(2).padStart(7)} s ${(SCHOOLS / s).toFixed(0).padStart(7)} invoices/s`;
    console.log(
      `${line('run (API, one request)', runS)}  ${runS < TARGET_S ? 'ok' : 'OVER TARGET'} (target < ${TARGET_S} s)`,
    );
    console.log(line('floor (SQL, one txn)', floorS));
    console.log(`load average ${load.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (2 cores)`);
    console.log(JSON.stringify({ schools: SCHOOLS, runS, floorS, load: loadavg() }));
  } finally {
    await db.end().catch(() => undefined);
    await world.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
