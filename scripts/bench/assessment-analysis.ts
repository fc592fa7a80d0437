/**
 * Assessment at trust scale (issue 13, Done when), in one run on a generated multi-academy
 * trust (scripts/assessment-trust-data.ts: 20 schools × 2,000 pupils, 12 measures, 6 points,
 * ~2.9 million results):
 *
 *   1. one measure at one point with every group breakdown and progress from a baseline, for
 *      one school, through the gateway (HTTP → gateway → NATS → assessment → Postgres under
 *      RLS): target p95 < 150 ms;
 *   2. the same pooled over the whole trust by a platform support user the 20 schools granted
 *      access: target p95 < 300 ms;
 *      each beside the best hand-written SQL over the same data, run straight on the database
 *      (target: the service within 1.5x of it), and the floor of the gateway path (a route
 *      with a trivial query) so what the analysis costs can be told from what the trip costs;
 *   3. saving a 30 × 12 grid (a class, every measure) through the gateway: target p95 < 150 ms,
 *      beside its floor: the same 360 cells written by hand-written SQL in one transaction
 *      (current values upserted, a history row each, old → new), straight on the database;
 *   4. the trust analysis over 1, 2, 5, 10 and 20 schools: how time grows with the data.
 *
 *   npm run bench:assessment     (BENCH_SCHOOLS=20, BENCH_PUPILS=2000 per school, BENCH_N=100,
 *                                 BENCH_ONLY=grid to run the grid save alone)
 *
 * Starts its own gateway, identity and assessment in databases of their own and removes them
 * afterwards. The machines are shared: read the numbers with the load average printed.
 */
import { World } from '@pt/testing';
import { Agent, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { AnalysisRepository, AnalysisSelection } from '../../apps/assessment/src/analysis/analysis.repository';
import { generateTrust } from '../assessment-trust-data';
import { LatencySummary, measure } from './latency';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 20);
const PUPILS = Number(process.env.BENCH_PUPILS ?? 2000);
const N = Number(process.env.BENCH_N ?? 100);
const GRID_ONLY = process.env.BENCH_ONLY === 'grid';
const ADMIN = { login: 'bench.assess@platform.test', password: 'Bench-Assess-Pass-123' };

/**
 * The best hand-written SQL for the same figures: the measure's results at the point in the
 * named schools, each pupil's groups as at the point's day and their baseline result, left
 * out when restricted now, summed by GROUPING SETS over every group (and school), with ids
 * and the scale's expected codes and threshold written in, as one would by hand.
 */
function handWritten(bySchool: boolean): string {
  const columns =
    'p.year_group, p.class_group_id, p.gender, p.ethnicity, p.sen_status, p.fsm, p.fsm6, p.pupil_premium, ' +
    'p.disadvantaged, p.eal, p.in_la_care, p.gifted_and_talented';
  const sets = columns
    .split(', ')
    .map((c) => `(${c})`)
    .join(', ');
  // Driven by each school's (tenant, point, baseline, measure): with the ids as = any(…)
  // arrays instead, the planner scanned every school's points and measures together (1.2 s
  // for 5 schools, where this takes a tenth of it).
  return `select grouping(${bySchool ? 'r.tenant_id, ' : ''}${columns}) as g, ${bySchool ? 'r.tenant_id, ' : ''}${columns},
                  count(*), count(*) filter (where r.value = any($4::text[]) or r.points >= $5), sum(r.points),
                  count(r.points), sum(r.points - b.points), count(r.points - b.points)
             from (select r.*, s.baseline_id, s.measure_id as baseline_measure_id
                     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $7::uuid[]) as s(tenant_id, point_id, baseline_id, measure_id)
             join assessment_result r
               on r.tenant_id = s.tenant_id and r.point_id = s.point_id and r.measure_id = s.measure_id) r
             join pupil_period p on p.tenant_id = r.tenant_id and p.pupil_id = r.pupil_id
              and p.valid_from < $6::timestamptz and (p.valid_to is null or p.valid_to >= $6::timestamptz)
             join pupil_period c on c.tenant_id = r.tenant_id and c.pupil_id = r.pupil_id and c.valid_to is null
             -- The baseline by its whole unique key, one probe a pupil (joined through (tenant, pupil)
             -- the planner filtered every result of the pupil).
             left join lateral (select b.points from assessment_result b
                                 where b.tenant_id = r.tenant_id and b.point_id = r.baseline_id
                                   and b.measure_id = r.baseline_measure_id and b.pupil_id = r.pupil_id
                                 offset 0) b on true
            where not c.restricted
            group by grouping sets ((), ${bySchool ? '(r.tenant_id), ' : ''}${sets})`;
}

function line(label: string, s: LatencySummary, target?: number): string {
  return (
    `${label.padEnd(44)} p50 ${s.p50.toFixed(1).padStart(7)} ms  p95 ${s.p95.toFixed(1).padStart(7)} ms` +
    (target ? `  ${s.p95 < target ? 'ok' : 'OVER TARGET'} (target p95 < ${target} ms)` : '')
  );
}

async function main(): Promise<void> {
  const world = await World.start({
    admin: ADMIN,
    label: 'benchassess',
    processes: ['gateway', 'identity', 'assessment'],
  });
  const stack = world.stack;
  try {
    console.log(
      `load average at start: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores, shared)`,
    );
    // Schools in identity (for staff, tokens and support grants); their data straight into assessment.
    const schools = [];
    for (let i = 0; i < SCHOOLS; i++) schools.push(await world.school({ signed: true }));
    const db = new Client({ connectionString: stack.ownerUrlOf('assessment') });
    db.on('error', () => undefined);
    await db.connect();
    let started = performance.now();
    const data = await generateTrust(
      db,
      schools.map((s) => s.id),
      PUPILS,
    );
    console.log(
      `generated ${data.schools.length} schools, ${data.pupils} pupils, ${data.results} results in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const support = await world.staff(null, ['support']);
    for (const school of schools) {
      const admin = await world.staff(school, ['school-admin']);
      const grant = await world.call(admin, 'POST', '/api/v1/support-grants', {
        reason: 'Trust analysis',
        durationHours: 2,
      });
      if (grant.status !== 201) throw new Error(`support grant answered ${grant.status}`);
    }
    const first = data.schools[0];
    const head = await world.staff(schools[0], ['senior-leader']);
    const point = (name: string) => first.points.find((p) => p.name === name)!.id;
    const reading = first.measures.find((m) => m.name === 'KS2 Reading')!.id;

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const { hostname, port } = new URL(stack.baseUrl);
    const call = (token: string, method: string, path: string, body?: unknown) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const request = httpRequest(
          {
            agent,
            hostname,
            port,
            path,
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
            );
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    const timed = async (label: string, token: string, path: string, target?: number) => {
      const probe = await call(token, 'GET', path);
      if (probe.status !== 200) throw new Error(`${label}: ${probe.status} ${probe.body.slice(0, 300)}`);
      const summary = await measure(N, 10, async () => {
        const reply = await call(token, 'GET', path);
        if (reply.status !== 200) throw new Error(`${label} answered ${reply.status}`);
      });
      console.log(line(label, summary, target));
      return { summary, body: JSON.parse(probe.body) as { total: { pupils: number }; groups: unknown[] } };
    };
    const sql = async (label: string, text: string, params: unknown[]) => {
      await db.query(`select set_config('app.scope', 'platform', false)`);
      const summary = await measure(N, 10, () => db.query(text, params));
      console.log(line(label, summary));
      return summary;
    };
    // The service's own statement (AnalysisRepository, the very SQL it sends), run on this
    // connection: what the analysis costs in the database, beside the hand-written SQL.
    const direct = {
      execute: async (text: string, params: unknown[]) => {
        let n = 0;
        return (
          await db.query(
            text.replace(/\?/g, () => `$${++n}`),
            params,
          )
        ).rows;
      },
    } as unknown as EntityManager;
    const statement = async (label: string, selections: AnalysisSelection[], bySchool: boolean) => {
      await db.query(`select set_config('app.scope', 'platform', false)`);
      const repository = new AnalysisRepository(direct);
      // As the service does (for a school's senior leader and the trust roll-up): result_group_sum
      // summed where it holds the figures, the full statement otherwise.
      const summary = await measure(N, 10, () =>
        AnalysisRepository.canSum(selections)
          ? repository.summedSums(selections, { bySchool })
          : repository.sums(selections, { classGroupScope: null, bySchool }),
      );
      console.log(line(label, summary));
      return summary;
    };
    const selectionsOf = (count: number): AnalysisSelection[] =>
      data.schools.slice(0, count).map((s) => ({
        tenantId: s.tenantId,
        measureId: s.measures.find((m) => m.name === 'KS2 Reading')!.id,
        pointId: s.points.find((p) => p.name === 'Summer 2')!.id,
        pointDate: '2027-07-20',
        baselinePointId: s.points.find((p) => p.name === 'Autumn 1')!.id,
        baselineMeasureId: s.measures.find((m) => m.name === 'KS2 Reading')!.id,
        baselinePointDate: s.points.find((p) => p.name === 'Autumn 1')!.date,
      }));
    const dayEnd = (date: string) => `${date}T23:00:00Z`; // the end of a summer day in England (BST)

    const results: Record<string, unknown> = {};
    started = performance.now();
    results.floor = (
      await timed('floor: GET /assessment/frameworks', head.token, '/api/v1/assessment/frameworks')
    ).summary;

    if (!GRID_ONLY) {
      // 1. One school.
      const schoolPath =
        `/api/v1/assessment/points/${point('Summer 2')}/analysis?measureId=${reading}` +
        `&baselinePointId=${point('Autumn 1')}`;
      const school = await timed('school: measure at point, every group', head.token, schoolPath, 150);
      const schoolSql = await sql('school: best hand-written SQL', handWritten(false), [
        [first.tenantId],
        [point('Summer 2')],
        [point('Autumn 1')],
        ['SEC', 'MAS'],
        100,
        dayEnd('2027-07-20'),
        [reading],
      ]);
      const schoolStatement = await statement("school: the service's statement", selectionsOf(1), false);
      console.log(
        `  ${school.body.total.pupils} pupils, ${school.body.groups.length} groups; at p95 the service's statement is ` +
          `${(schoolStatement.p95 / schoolSql.p95).toFixed(2)}x the hand-written SQL (target within 1.5x), ` +
          `the whole trip ${(school.summary.p95 / schoolSql.p95).toFixed(2)}x`,
      );
      results.school = {
        gateway: school.summary,
        statement: schoolStatement,
        sql: schoolSql,
        groups: school.body.groups.length,
      };

      // 2. The trust, and 4. how it grows with the schools pooled.
      const trustPath = (count: number) =>
        `/api/v1/platform/assessment/analysis?academicYear=2026/27&measureName=KS2%20Reading&pointName=Summer%202` +
        `&baselinePointName=Autumn%201&schoolIds=${data.schools
          .slice(0, count)
          .map((s) => s.tenantId)
          .join(',')}`;
      const trustSqlParams = (count: number) => {
        const pooled = data.schools.slice(0, count);
        const ids = (pick: (s: TrustSchool) => string) => pooled.map(pick);
        return [
          ids((s) => s.tenantId),
          ids((s) => s.points.find((p) => p.name === 'Summer 2')!.id),
          ids((s) => s.points.find((p) => p.name === 'Autumn 1')!.id),
          ['SEC', 'MAS'],
          100,
          dayEnd('2027-07-20'),
          ids((s) => s.measures.find((m) => m.name === 'KS2 Reading')!.id),
        ];
      };
      const growth: Array<{
        schools: number;
        pupils: number;
        p50: number;
        p95: number;
        statementP95: number;
        sqlP95: number;
      }> = [];
      for (const count of [1, 2, 5, 10, SCHOOLS].filter((c, i, all) => c <= SCHOOLS && all.indexOf(c) === i)) {
        const trust = await timed(
          `trust of ${count}: pooled, every group`,
          support.token,
          trustPath(count),
          count === SCHOOLS ? 300 : undefined,
        );
        const trustSql = await sql(
          `trust of ${count}: best hand-written SQL`,
          handWritten(true),
          trustSqlParams(count),
        );
        const trustStatement = await statement(`trust of ${count}: the service's statement`, selectionsOf(count), true);
        console.log(
          `  ${trust.body.total.pupils} pupils; at p95 the service's statement is ${(trustStatement.p95 / trustSql.p95).toFixed(2)}x ` +
            `the hand-written SQL, the whole trip ${(trust.summary.p95 / trustSql.p95).toFixed(2)}x`,
        );
        growth.push({
          schools: count,
          pupils: trust.body.total.pupils,
          p50: trust.summary.p50,
          p95: trust.summary.p95,
          statementP95: trustStatement.p95,
          sqlP95: trustSql.p95,
        });
      }
      const [one, all] = [growth[0], growth[growth.length - 1]];
      console.log(
        `growth 1 → ${all.schools} schools: data ×${(all.pupils / one.pupils).toFixed(1)}, service p50 ×${(all.p50 / one.p50).toFixed(1)}, ` +
          `statement p95 ×${(all.statementP95 / one.statementP95).toFixed(1)}, hand-written SQL p95 ×${(all.sqlP95 / one.sqlP95).toFixed(1)}`,
      );
      results.growth = growth;
    }

    // 3. A 30 × 12 grid: the first 30 pupils of a class, every measure, values changed on each save.
    const { rows: pupils } = await db.query<{ pupil_id: string }>(
      `select pupil_id from pupil_period where tenant_id = $1 and valid_to is null and not restricted
        order by class_group_id, pupil_id limit 30`,
      [first.tenantId],
    );
    const spring = point('Spring 1');
    let round = 0;
    const grid = () => {
      round++;
      return {
        cells: pupils.flatMap(({ pupil_id }, i) =>
          first.measures.map((m, j) => ({
            pupilId: pupil_id,
            measureId: m.id,
            value:
              m.kind === 'range'
                ? String(80 + ((i + j + round) % 41))
                : ['EMG', 'DEV', 'SEC', 'MAS'][(i + j + round) % 4],
          })),
        ),
      };
    };
    const saved = await call(head.token, 'PUT', `/api/v1/assessment/points/${spring}/results`, grid());
    if (saved.status !== 200) throw new Error(`grid save answered ${saved.status} ${saved.body.slice(0, 300)}`);
    const gridSummary = await measure(Math.min(N, 60), 5, async () => {
      const reply = await call(head.token, 'PUT', `/api/v1/assessment/points/${spring}/results`, grid());
      if (reply.status !== 200) throw new Error(`grid save answered ${reply.status}`);
    });
    console.log(line('grid: save 30 × 12 through the gateway', gridSummary, 150));
    results.grid = gridSummary;
    // The floor of the same save: these 360 cells (values changed again) upserted and their
    // history written in one statement of one transaction, values and points as the service
    // would store them, with nothing checked: what any service doing this work must pay.
    const gridSql = await measure(Math.min(N, 60), 5, async () => {
      const cells = grid().cells;
      const kindOf = new Map(first.measures.map((m) => [m.id, m.kind]));
      const stepPoints: Record<string, number> = { EMG: 1, DEV: 2, SEC: 3, MAS: 4 };
      await db.query('begin');
      await db.query(`select set_config('app.tenant_id', $1, true), set_config('app.scope', 'tenant', true)`, [
        first.tenantId,
      ]);
      await db.query(
        `with input as (
           select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::float8[]) as i(pupil_id, measure_id, value, points)
         ),
         old as (
           select r.pupil_id, r.measure_id, r.value, r.comment from assessment_result r
             join input i on i.pupil_id = r.pupil_id and i.measure_id = r.measure_id
            where r.tenant_id = $5 and r.point_id = $6
         ),
         up as (
           insert into assessment_result as r
                  (id, tenant_id, pupil_id, measure_id, point_id, value, points, comment, recorded_by, recorded_at)
           select gen_random_uuid(), $5, i.pupil_id, i.measure_id, $6, i.value, i.points, null, $7, now() from input i
           on conflict (tenant_id, point_id, measure_id, pupil_id) do update
              set value = excluded.value, points = excluded.points, comment = excluded.comment,
                  recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
            where (r.value, r.comment) is distinct from (excluded.value, excluded.comment)
           returning r.id, r.pupil_id, r.measure_id, r.value, r.comment
         )
         insert into assessment_result_history
                (id, tenant_id, result_id, pupil_id, measure_id, point_id,
                 old_value, new_value, old_comment, new_comment, changed_by, changed_at)
         select gen_random_uuid(), $5, up.id, up.pupil_id, up.measure_id, $6, o.value, up.value, o.comment, up.comment, $7, now()
           from up left join old o on o.pupil_id = up.pupil_id and o.measure_id = up.measure_id`,
        [
          cells.map((c) => c.pupilId),
          cells.map((c) => c.measureId),
          cells.map((c) => c.value),
          cells.map((c) => (kindOf.get(c.measureId) === 'range' ? Number(c.value) : stepPoints[c.value])),
          first.tenantId,
          spring,
          head.id,
        ],
      );
      await db.query('commit');
    });
    console.log(line('grid: floor, hand-written SQL in one transaction', gridSql));
    results.gridSql = gridSql;

    console.log(
      `load average at end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(JSON.stringify({ schools: SCHOOLS, pupilsPerSchool: PUPILS, results: data.results, n: N, ...results }));
    await db.end();
  } finally {
    await world.stop();
  }
}

type TrustSchool = Awaited<ReturnType<typeof generateTrust>>['schools'][number];

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
