import { Migration } from '@mikro-orm/migrations';

export class Migration20261207000021 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "result_group_sum" ("id" bigserial primary key, "tenant_id" uuid not null, "point_id" uuid not null, "measure_id" uuid not null, "baseline_point_id" uuid null, "dimension" text not null, "value" text null, "pupils" int not null, "at_expected" int not null, "sum_points" numeric not null, "with_points" int not null, "sum_progress" numeric not null, "with_progress" int not null);`);
    this.addSql(`create unique index "result_group_sum_key" on "result_group_sum" ("tenant_id", "point_id", "measure_id", "baseline_point_id", "dimension", "value") nulls not distinct;`);

    // The rows a set of results adds to result_group_sum (times p_sign), given the pupils'
    // periods: the same counting as the analysis statement (analysis.repository.ts): a result
    // counts when its pupil is not restricted now (open period), in the groups of the period
    // holding the end of its point's day, at expected by its scale; progress pairs a result
    // with the pupil's result of the same measure at each earlier point. p_focus (null: all)
    // keeps only rows about the results named, and pairs with one of them on either side.
    this.addSql(`create function result_group_rows(p_sign int, p_results assessment_result[], p_periods pupil_period[],
                                              p_focus assessment_result[])
  returns table (tenant_id uuid, point_id uuid, measure_id uuid, baseline_point_id uuid, dimension text, value text,
                 pupils bigint, at_expected bigint, sum_points numeric, with_points bigint,
                 sum_progress numeric, with_progress bigint)
  -- Its sets come from arrays, which the planner takes for 10 rows: nested loops over a whole
  -- school's results (a rebuild) ran for minutes, hash joins take seconds. PL/pgSQL keeps the
  -- plan between calls (planning was half a grid save's time as SQL).
  language plpgsql stable set enable_nestloop = off as $fn$
  #variable_conflict use_column
  begin
  return query
  -- touched: a result p_focus names (a left join: an exists per row scanned p_focus row by row).
  with res as (
    select r.tenant_id, r.pupil_id, r.measure_id, r.point_id, r.value, r.points, f.hit is not null as touched
      from unnest(p_results) r
      left join (select distinct f.tenant_id, f.pupil_id, f.measure_id, f.point_id, true as hit from unnest(p_focus) f) f
        on f.tenant_id = r.tenant_id and f.pupil_id = r.pupil_id and f.measure_id = r.measure_id and f.point_id = r.point_id
  ),
  per as (select *, (fsm6 or in_la_care or ever_in_care) as disadvantaged_now from unnest(p_periods)),
  scales as (
    select m.tenant_id, m.id as measure_id, s.kind, (s.range ->> 'expected')::float8 as expected_min,
           array(select g ->> 'code' from jsonb_array_elements(s.grades) g
                  where g ->> 'band' in ('expected', 'above')) as expected_codes
      from measure m join grade_scale s on s.tenant_id = m.tenant_id and s.id = m.grade_scale_id
     where (m.tenant_id, m.id) in (select r.tenant_id, r.measure_id from res r)
  ),
  points as (
    select pt.tenant_id, pt.id, pt.date, ((pt.date + 1)::timestamp at time zone 'Europe/London') as day_end
      from assessment_point pt where (pt.tenant_id, pt.id) in (select r.tenant_id, r.point_id from res r)
  ),
  counted as (
    select r.tenant_id, r.pupil_id, r.measure_id, r.point_id, r.points, r.touched, pt.date,
           case when s.kind = 'range' then coalesce(r.points >= s.expected_min, false)
                else r.value = any(s.expected_codes) end as at_expected,
           p.year_group, p.class_group_id, p.gender, p.ethnicity, p.sen_status, p.fsm, p.fsm6, p.pupil_premium,
           p.disadvantaged_now as disadvantaged, p.eal, p.in_la_care, p.gifted_and_talented
      from res r
      join points pt on pt.tenant_id = r.tenant_id and pt.id = r.point_id
      join scales s on s.tenant_id = r.tenant_id and s.measure_id = r.measure_id
      join per p on p.tenant_id = r.tenant_id and p.pupil_id = r.pupil_id
       and p.valid_from < pt.day_end and (p.valid_to is null or p.valid_to >= pt.day_end)
      join per c on c.tenant_id = r.tenant_id and c.pupil_id = r.pupil_id and c.valid_to is null
     where not c.restricted
  ),
  facts as (
    select c.*, null::uuid as baseline_point_id, 1 as pupil, c.at_expected::int as expected,
           c.points::numeric as sum_points, (c.points is not null)::int as with_points,
           0::numeric as progress, 0 as with_progress
      from counted c
     where p_focus is null or c.touched
    union all
    select c.*, b.point_id, 0, 0, 0, 0, (c.points - b.points)::numeric, 1
      from counted c
      join res b on b.tenant_id = c.tenant_id and b.pupil_id = c.pupil_id and b.measure_id = c.measure_id
      join points bp on bp.tenant_id = b.tenant_id and bp.id = b.point_id
     where bp.date < c.date and c.points is not null and b.points is not null
       and (p_focus is null or c.touched or b.touched)
  )
  select tenant_id, point_id, measure_id, baseline_point_id,
         case grouping(year_group, class_group_id, gender, ethnicity, sen_status, fsm, fsm6, pupil_premium,
                       disadvantaged, eal, in_la_care, gifted_and_talented)
           when 4095 then 'all' when 2047 then 'year' when 3071 then 'class' when 3583 then 'gender'
           when 3839 then 'ethnicity' when 3967 then 'sen' when 4031 then 'fsm' when 4063 then 'fsm6'
           when 4079 then 'pupilPremium' when 4087 then 'disadvantaged' when 4091 then 'eal' when 4093 then 'inCare'
           else 'giftedAndTalented' end,
         coalesce(year_group, class_group_id::text, gender, ethnicity, sen_status,
                  case fsm when true then 'yes' when false then 'no' end,
                  case fsm6 when true then 'yes' when false then 'no' end,
                  case pupil_premium when true then 'yes' when false then 'no' end,
                  case disadvantaged when true then 'yes' when false then 'no' end,
                  case eal when true then 'yes' when false then 'no' end,
                  case in_la_care when true then 'yes' when false then 'no' end,
                  case gifted_and_talented when true then 'yes' when false then 'no' end),
         p_sign * sum(pupil), p_sign * sum(expected), p_sign * sum(sum_points), p_sign * sum(with_points),
         p_sign * sum(progress), p_sign * sum(with_progress)
    from facts
   group by tenant_id, point_id, measure_id, baseline_point_id,
            grouping sets ((), (year_group), (class_group_id), (gender), (ethnicity), (sen_status), (fsm), (fsm6),
                           (pupil_premium), (disadvantaged), (eal), (in_la_care), (gifted_and_talented));
  end $fn$;`);

    // Counts the pupils' results out as they were and back in as they are. Rows are written in
    // key order, so two statements at once lock them in the same order and cannot deadlock.
    this.addSql(`create function result_group_sum_change(p_results_before assessment_result[], p_results_after assessment_result[],
                                                    p_periods_before pupil_period[], p_periods_after pupil_period[],
                                                    p_focus assessment_result[])
  returns void language plpgsql as $fn$
  #variable_conflict use_column
  begin
  insert into result_group_sum as g (tenant_id, point_id, measure_id, baseline_point_id, dimension, value,
                                     pupils, at_expected, sum_points, with_points, sum_progress, with_progress)
  select d.tenant_id, d.point_id, d.measure_id, d.baseline_point_id, d.dimension, d.value,
         sum(d.pupils), sum(d.at_expected), sum(d.sum_points), sum(d.with_points), sum(d.sum_progress), sum(d.with_progress)
    from (select * from result_group_rows(-1, p_results_before, p_periods_before, p_focus)
          union all
          select * from result_group_rows(1, p_results_after, p_periods_after, p_focus)) d
   group by 1, 2, 3, 4, 5, 6
  having sum(d.pupils) <> 0 or sum(d.at_expected) <> 0 or sum(d.sum_points) <> 0 or sum(d.with_points) <> 0
      or sum(d.sum_progress) <> 0 or sum(d.with_progress) <> 0
   order by 1, 2, 3, 4, 5, 6
  on conflict (tenant_id, point_id, measure_id, baseline_point_id, dimension, value) do update
     set pupils = g.pupils + excluded.pupils, at_expected = g.at_expected + excluded.at_expected,
         sum_points = g.sum_points + excluded.sum_points, with_points = g.with_points + excluded.with_points,
         sum_progress = g.sum_progress + excluded.sum_progress, with_progress = g.with_progress + excluded.with_progress;
  end $fn$;`);

    // Results written: the touched pupils' results of the touched measures before (the rows
    // written as they were, those inserted absent) and after, their periods unchanged.
    this.addSql(`create function result_group_sum_results(p_old assessment_result[], p_new assessment_result[])
  returns void language plpgsql as $fn$
  declare
    v_touched assessment_result[] := coalesce(p_old, '{}') || coalesce(p_new, '{}');
    v_after assessment_result[];
    v_periods pupil_period[];
  begin
    -- Lateral, one probe of the (tenant, pupil) indexes per pupil: as a semi-join the planner
    -- read every result of the table.
    select coalesce(array_agg(r), '{}') into v_after
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select r from assessment_result r
                           where r.tenant_id = t.tenant_id and r.pupil_id = t.pupil_id
                             and r.measure_id in (select u.measure_id from unnest(v_touched) u
                                                   where u.tenant_id = t.tenant_id and u.pupil_id = t.pupil_id)) x(r);
    select coalesce(array_agg(p), '{}') into v_periods
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select p from pupil_period p where p.tenant_id = t.tenant_id and p.pupil_id = t.pupil_id) x(p);
    perform result_group_sum_change(
      array(select a from unnest(v_after) a where a.id not in (select n.id from unnest(coalesce(p_new, '{}')) n))
        || coalesce(p_old, '{}'),
      v_after, v_periods, v_periods, v_touched);
  end $fn$;`);

    // Periods written (attributes changed, restricted, lifted, erased): the pupils' every result
    // counted with their periods before and after.
    this.addSql(`create function result_group_sum_periods(p_old pupil_period[], p_new pupil_period[])
  returns void language plpgsql as $fn$
  declare
    v_touched pupil_period[] := coalesce(p_old, '{}') || coalesce(p_new, '{}');
    v_after pupil_period[];
    v_results assessment_result[];
  begin
    select coalesce(array_agg(r), '{}') into v_results
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select r from assessment_result r where r.tenant_id = t.tenant_id and r.pupil_id = t.pupil_id) x(r);
    if cardinality(v_results) = 0 then return; end if;
    select coalesce(array_agg(p), '{}') into v_after
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select p from pupil_period p where p.tenant_id = t.tenant_id and p.pupil_id = t.pupil_id) x(p);
    perform result_group_sum_change(
      v_results, v_results,
      array(select a from unnest(v_after) a where a.id not in (select n.id from unnest(coalesce(p_new, '{}')) n))
        || coalesce(p_old, '{}'),
      v_after, null);
  end $fn$;`);

    for (const [table, type] of [['assessment_result', 'results'], ['pupil_period', 'periods']]) {
      this.addSql(`create function result_group_sum_${type}_inserted() returns trigger language plpgsql as $fn$
  begin perform result_group_sum_${type}(null, (select array_agg(row(n.*)::${table}) from new_rows n)); return null; end $fn$;`);
      this.addSql(`create function result_group_sum_${type}_updated() returns trigger language plpgsql as $fn$
  begin perform result_group_sum_${type}((select array_agg(row(o.*)::${table}) from old_rows o), (select array_agg(row(n.*)::${table}) from new_rows n)); return null; end $fn$;`);
      this.addSql(`create function result_group_sum_${type}_deleted() returns trigger language plpgsql as $fn$
  begin perform result_group_sum_${type}((select array_agg(row(o.*)::${table}) from old_rows o), null); return null; end $fn$;`);
      this.addSql(`create trigger result_group_sum_inserted after insert on "${table}" referencing new table as new_rows
  for each statement execute function result_group_sum_${type}_inserted();`);
      this.addSql(`create trigger result_group_sum_updated after update on "${table}" referencing old table as old_rows new table as new_rows
  for each statement execute function result_group_sum_${type}_updated();`);
      this.addSql(`create trigger result_group_sum_deleted after delete on "${table}" referencing old table as old_rows
  for each statement execute function result_group_sum_${type}_deleted();`);
    }

    // One school's sums worked out afresh from its results (a bulk load with the triggers off,
    // and every school already holding results when this migration runs).
    this.addSql(`create function result_group_sum_rebuild(p_tenant uuid) returns void language sql as $fn$
  delete from result_group_sum where tenant_id = p_tenant;
  select result_group_sum_change('{}', (select coalesce(array_agg(r), '{}') from assessment_result r where r.tenant_id = p_tenant),
                                 '{}', (select coalesce(array_agg(p), '{}') from pupil_period p where p.tenant_id = p_tenant), null);
  $fn$;`);
    this.addSql(`select set_config('app.scope', 'platform', true);`);
    this.addSql(`select result_group_sum_rebuild(tenant_id) from (select distinct tenant_id from assessment_point) t;`);
  }

  override async down(): Promise<void> {
    for (const table of ['assessment_result', 'pupil_period']) {
      for (const op of ['inserted', 'updated', 'deleted']) this.addSql(`drop trigger if exists result_group_sum_${op} on "${table}";`);
    }
    for (const type of ['results', 'periods']) {
      for (const op of ['inserted', 'updated', 'deleted']) this.addSql(`drop function if exists result_group_sum_${type}_${op}();`);
    }
    this.addSql(`drop function if exists result_group_sum_rebuild(uuid);`);
    this.addSql(`drop function if exists result_group_sum_periods(pupil_period[], pupil_period[]);`);
    this.addSql(`drop function if exists result_group_sum_results(assessment_result[], assessment_result[]);`);
    this.addSql(`drop function if exists result_group_sum_change(assessment_result[], assessment_result[], pupil_period[], pupil_period[], assessment_result[]);`);
    this.addSql(`drop function if exists result_group_rows(int, assessment_result[], pupil_period[], assessment_result[]);`);
    this.addSql(`drop table if exists "result_group_sum" cascade;`);
  }

}
