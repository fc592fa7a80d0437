import { Client } from 'pg';

/**
 * A multi-academy trust's assessment data, written straight into the assessment database
 * (issue 13, Done when): for each school a framework of 2026/27 with a steps scale and a
 * KS2-style scaled-score range, 12 measures (six on each), 6 points, and `pupilsPerSchool`
 * pupils in assessment's read model (pupil_period) with a result for every measure at every
 * point: 40,000 pupils in 20 schools make 2,880,000 results.
 *
 * Everything is generated inside PostgreSQL by set-based INSERT … SELECT over
 * generate_series, so no row crosses the wire: faster here than COPY, whose rows would be
 * built in Node and sent as ~200 MB of text, and it needs no COPY-stream dependency. The
 * result indexes are dropped for the load and built again once at the end (one sort per
 * index instead of 2.9 million insertions into each).
 *
 * Attributes are drawn at national-like rates (FSM 24%, FSM6 30%, SEN support 12%, EHC 3%,
 * EAL 20%, looked after 1%, G&T 5%, 0.2% restricted), seven year groups of two classes per
 * school, and one pupil in ten has a second period from 2027-01-15 (newly eligible for FSM)
 * so the as-at join has history to pick through. A result is a pupil's stable ability plus
 * progress across the points plus noise, less a disadvantage gap, so groups really differ.
 */
export interface TrustData {
  schools: Array<{
    tenantId: string;
    frameworkId: string;
    points: Array<{ id: string; name: string; date: string }>;
    measures: Array<{ id: string; name: string; kind: 'grades' | 'range' }>;
  }>;
  pupils: number;
  results: number;
}

export const TRUST_POINTS = [
  ['Autumn 1', '2026-10-23'],
  ['Autumn 2', '2026-12-18'],
  ['Spring 1', '2027-02-12'],
  ['Spring 2', '2027-03-31'],
  ['Summer 1', '2027-05-22'],
  ['Summer 2', '2027-07-20'],
] as const;
export const TRUST_MEASURES = [
  'Reading',
  'Writing',
  'Mathematics',
  'Science',
  'History',
  'Geography',
  'KS2 Reading',
  'KS2 Mathematics',
  'KS2 GPS',
  'Scaled Reading',
  'Scaled Mathematics',
  'Scaled Science',
] as const;
const STEPS = [
  { code: 'EMG', label: 'Emerging', points: 1, band: 'below' },
  { code: 'DEV', label: 'Developing', points: 2, band: 'towards' },
  { code: 'SEC', label: 'Secure', points: 3, band: 'expected' },
  { code: 'MAS', label: 'Mastery', points: 4, band: 'above' },
];
const SCALED = { min: 80, max: 120, expected: 100, high: 110 };

export async function generateTrust(
  db: Client,
  tenantIds: readonly string[],
  pupilsPerSchool: number,
): Promise<TrustData> {
  // The owner writes across schools: row-level security's platform scope for this session.
  await db.query(`select set_config('app.scope', 'platform', false)`);
  const schools: TrustData['schools'] = [];
  for (const tenantId of tenantIds) {
    const { rows } = await db.query<{ framework_id: string; steps_id: string; scaled_id: string }>(
      `with f as (
         insert into assessment_framework (id, tenant_id, academic_year, name, adopted_templates, created_at)
         values (gen_random_uuid(), $1, '2026/27', 'Trust tracking 2026/27', '[]', now()) returning id
       ), steps as (
         insert into grade_scale (id, tenant_id, framework_id, name, kind, grades, range, created_at)
         select gen_random_uuid(), $1, f.id, 'Steps', 'grades', $2::jsonb, null, now() from f returning id
       ), scaled as (
         insert into grade_scale (id, tenant_id, framework_id, name, kind, grades, range, created_at)
         select gen_random_uuid(), $1, f.id, 'Scaled score', 'range', '[]', $3::jsonb, now() from f returning id
       )
       select f.id as framework_id, steps.id as steps_id, scaled.id as scaled_id from f, steps, scaled`,
      [tenantId, JSON.stringify(STEPS), JSON.stringify(SCALED)],
    );
    const [{ framework_id: frameworkId, steps_id: stepsId, scaled_id: scaledId }] = rows;
    const measures = await db.query<{ id: string; name: string; kind: 'grades' | 'range' }>(
      `insert into measure (id, tenant_id, framework_id, name, grade_scale_id, created_at)
       select gen_random_uuid(), $1, $2, name, case when i <= 6 then $3::uuid else $4::uuid end, now() + i * interval '1 ms'
         from unnest($5::text[]) with ordinality as t(name, i)
       returning id, name, case when grade_scale_id = $3::uuid then 'grades' else 'range' end as kind`,
      [tenantId, frameworkId, stepsId, scaledId, TRUST_MEASURES],
    );
    const points = await db.query<{ id: string; name: string; date: string }>(
      `insert into assessment_point (id, tenant_id, framework_id, name, date, created_at)
       select gen_random_uuid(), $1, $2, name, date::date, now() from unnest($3::text[], $4::text[]) as t(name, date)
       returning id, name, to_char(date, 'YYYY-MM-DD') as date`,
      [tenantId, frameworkId, TRUST_POINTS.map((p) => p[0]), TRUST_POINTS.map((p) => p[1])],
    );
    schools.push({ tenantId, frameworkId, points: points.rows, measures: measures.rows });
  }

  // Pupils: one open period each, attributes drawn per pupil (random() is per row).
  await db.query(
    `insert into pupil_period (id, tenant_id, pupil_id, version, valid_from, valid_to, year_group, class_group_id, gender,
                               ethnicity, sen_status, fsm, fsm6, pupil_premium, eal, in_la_care, ever_in_care,
                               gifted_and_talented, entry_date, leaving_date, restricted)
     select gen_random_uuid(), t.tenant_id, gen_random_uuid(), 1, '-infinity', null,
            y.year_group, md5(t.tenant_id::text || y.year_group || (n % 2)::text)::uuid,
            case when r.g < 0.49 then 'F' else 'M' end,
            case when r.e < 0.70 then 'WBRI' when r.e < 0.78 then 'WOTH' when r.e < 0.85 then 'APKN'
                 when r.e < 0.91 then 'BAFR' when r.e < 0.96 then 'MWBC' else 'CHNE' end,
            case when r.s < 0.12 then 'K' when r.s < 0.15 then 'E' else 'none' end,
            r.f < 0.24, r.f < 0.30, r.f < 0.30, r.l < 0.20, r.c < 0.01, r.c < 0.02, r.t < 0.05,
            '2020-09-01', null, r.x < 0.002
       from unnest($1::uuid[]) as t(tenant_id)
       cross join generate_series(0, $2::int - 1) as n
       cross join lateral (select (array['R','1','2','3','4','5','6'])[1 + n % 7] as year_group) y
       cross join lateral (select random() g, random() e, random() s, random() f, random() l, random() c,
                                  random() t, random() x, n as k) r`,
    [tenantIds, pupilsPerSchool],
  );
  // One pupil in ten newly eligible for FSM from 2027-01-15: a second period, the first closed.
  await db.query(
    `with changed as (
       update pupil_period set valid_to = '2027-01-15T00:00:00Z'
        where tenant_id = any($1::uuid[]) and not fsm and abs(hashtext(pupil_id::text)) % 10 = 0
        returning *
     )
     insert into pupil_period (id, tenant_id, pupil_id, version, valid_from, valid_to, year_group, class_group_id, gender,
                               ethnicity, sen_status, fsm, fsm6, pupil_premium, eal, in_la_care, ever_in_care,
                               gifted_and_talented, entry_date, leaving_date, restricted)
     select gen_random_uuid(), tenant_id, pupil_id, 2, '2027-01-15T00:00:00Z', null, year_group, class_group_id, gender,
            ethnicity, sen_status, true, true, true, eal, in_la_care, ever_in_care, gifted_and_talented, entry_date,
            leaving_date, restricted
       from changed`,
    [tenantIds],
  );

  // Results: every pupil × measure × point, with the result indexes built once afterwards.
  const constraints = await db.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where conrelid = 'assessment_result'::regclass and contype = 'u'`,
  );
  const indexes = await db.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes
      where tablename = 'assessment_result' and indexname <> 'assessment_result_pkey'
        and indexname not in (select conname from pg_constraint where conrelid = 'assessment_result'::regclass)`,
  );
  // result_group_sum is worked out once after the load, for every school in one statement
  // (result_group_sum_rebuild), not noted key by key by its trigger over 2.9 million rows.
  await db.query('alter table assessment_result disable trigger result_group_sum_inserted');
  for (const c of constraints.rows) await db.query(`alter table assessment_result drop constraint "${c.name}"`);
  for (const index of indexes.rows) await db.query(`drop index if exists "${index.indexname}"`);
  await db.query(
    `insert into assessment_result (id, tenant_id, pupil_id, measure_id, point_id, value, points, comment, recorded_by, recorded_at)
     select gen_random_uuid(), p.tenant_id, p.pupil_id, m.id, pt.id, v.value, v.points, null, null, now()
       from pupil_period p
       join measure m on m.tenant_id = p.tenant_id
       join grade_scale s on s.id = m.grade_scale_id
       join lateral (select id, row_number() over (order by date) - 1 as idx
                       from assessment_point where framework_id = m.framework_id) pt on true
       cross join lateral (
         select least(0.999, greatest(0, 0.45 * (abs(hashtext(p.pupil_id::text)) % 1000) / 1000.0
                + 0.25 * (abs(hashtext(p.pupil_id::text || m.id::text || pt.id::text)) % 1000) / 1000.0
                + 0.05 * pt.idx + 0.08 - case when p.fsm6 then 0.1 else 0 end
                - case when p.sen_status <> 'none' then 0.12 else 0 end)) as u
       ) a
       cross join lateral (
         select case when s.kind = 'range' then (80 + round(40 * a.u))::text
                     else (array['EMG','DEV','SEC','MAS'])[1 + floor(4 * a.u)::int] end as value,
                case when s.kind = 'range' then 80 + round(40 * a.u) else 1 + floor(4 * a.u) end as points
       ) v
      where p.tenant_id = any($1::uuid[]) and p.valid_to is null`,
    [tenantIds],
  );
  for (const c of constraints.rows)
    await db.query(`alter table assessment_result add constraint "${c.name}" ${c.definition}`);
  for (const index of indexes.rows) await db.query(index.indexdef);
  await db.query('alter table assessment_result enable trigger result_group_sum_inserted');
  await db.query('select result_group_sum_rebuild($1::uuid[])', [tenantIds]);
  await db.query('analyze assessment_result');
  await db.query('analyze pupil_period');
  await db.query('analyze measure');
  await db.query('analyze assessment_point');
  await db.query('analyze result_group_sum');
  const [{ results }] = (
    await db.query<{ results: string }>(
      `select count(*) as results from assessment_result where tenant_id = any($1::uuid[])`,
      [tenantIds],
    )
  ).rows;
  return { schools, pupils: tenantIds.length * pupilsPerSchool, results: Number(results) };
}
