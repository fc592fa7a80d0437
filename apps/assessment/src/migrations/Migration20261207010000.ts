import { Migration } from '@mikro-orm/migrations';

/**
 * Grid saves off the summary's critical path (issue 13, grid save p95): result_group_sum was
 * kept in the saving statement itself, each 30 × 12 save re-aggregating ~2,200 results into
 * ~1,900 summary rows (the cell against every earlier and later point, in 13 groups), ~200 ms
 * of a save under load. Now an INSERT or UPDATE of results only notes each key it changed,
 * with the row as it was (the first note of a key wins: that is what the sums still hold), in
 * result_group_sum_pending, in the same statement; result_group_sum_fold folds every pending
 * key into the sums set-based, before any read of the sums (analysis.repository.ts,
 * summedSums), before any change of pupil periods or deletion of results (whose own triggers
 * count from the sums as they stand), and before a rebuild drops them.
 *
 * The fold (and the deletion path, which still sums in its statement) works out the change as
 * one set of signed facts, each result's before and after side by side, instead of counting
 * every touched result out and back in twice over.
 *
 * A fold takes each school's transaction lock exclusively and a save noting keys takes it
 * shared: a fold waits for saves in flight to commit, then takes the keys and reads the results
 * in one statement (one snapshot), so no committed change is left out of the sums or counted
 * twice.
 */
export class Migration20261207010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "result_group_sum_pending" ("tenant_id" uuid not null, "pupil_id" uuid not null, "measure_id" uuid not null, "point_id" uuid not null, "old_row" jsonb null, constraint "result_group_sum_pending_pkey" primary key ("tenant_id", "pupil_id", "measure_id", "point_id"));`);

    // The change to the sums from results written, as one set of facts (signed), each key
    // the statement touched with its row before and after, and every pair it forms with the
    // same pupil's result of the measure at another point (its before and after too).
    // p_old: the rows as they were (updated, deleted); p_new: as they are (inserted, updated);
    // p_after: every current result of the touched pupils' touched measures; p_periods: their
    // periods (unchanged by the statement). No assumption about how a statement mixes
    // inserts, updates and deletes: the state before is p_after less p_new plus p_old.
    this.addSql(`create function result_group_sum_result_delta(p_old assessment_result[], p_new assessment_result[],
                                                     p_after assessment_result[], p_periods pupil_period[])
  returns void language plpgsql set enable_nestloop = off as $fn$
  #variable_conflict use_column
  begin
  insert into result_group_sum as g (tenant_id, point_id, measure_id, baseline_point_id, dimension, value,
                                     pupils, at_expected, sum_points, with_points, sum_progress, with_progress)
  with
  touched as (
    select distinct t.tenant_id, t.pupil_id, t.measure_id, t.point_id
      from (select * from unnest(p_old) union all select * from unnest(p_new)) t
  ),
  after_set as (select * from unnest(p_after)),
  before_set as (
    select a.* from after_set a where a.id not in (select n.id from unnest(p_new) n)
    union all
    select * from unnest(p_old)
  ),
  state as (
    select coalesce(a.tenant_id, b.tenant_id) as tenant_id, coalesce(a.pupil_id, b.pupil_id) as pupil_id,
           coalesce(a.measure_id, b.measure_id) as measure_id, coalesce(a.point_id, b.point_id) as point_id,
           b.id is not null as b_exists, b.value as b_value, b.points as b_points,
           a.id is not null as a_exists, a.value as a_value, a.points as a_points
      from after_set a
      full join before_set b
        on b.tenant_id = a.tenant_id and b.pupil_id = a.pupil_id and b.measure_id = a.measure_id and b.point_id = a.point_id
  ),
  marked as (
    select s.*, k.tenant_id is not null as touched
      from state s
      left join touched k
        on k.tenant_id = s.tenant_id and k.pupil_id = s.pupil_id and k.measure_id = s.measure_id and k.point_id = s.point_id
  ),
  per as (select *, (fsm6 or in_la_care or ever_in_care) as disadvantaged_now from unnest(p_periods)),
  scales as (
    select m.tenant_id, m.id as measure_id, s.kind, (s.range ->> 'expected')::float8 as expected_min,
           array(select g ->> 'code' from jsonb_array_elements(s.grades) g
                  where g ->> 'band' in ('expected', 'above')) as expected_codes
      from measure m join grade_scale s on s.tenant_id = m.tenant_id and s.id = m.grade_scale_id
     where (m.tenant_id, m.id) in (select k.tenant_id, k.measure_id from touched k)
  ),
  points as (
    select pt.tenant_id, pt.id, pt.date, ((pt.date + 1)::timestamp at time zone 'Europe/London') as day_end
      from assessment_point pt where (pt.tenant_id, pt.id) in (select m.tenant_id, m.point_id from marked m)
  ),
  dated as (
    select m.*, pt.date, pt.day_end from marked m join points pt on pt.tenant_id = m.tenant_id and pt.id = m.point_id
  ),
  counted as (
    select d.*,
           case when s.kind = 'range' then coalesce(d.b_points >= s.expected_min, false)
                else coalesce(d.b_value = any(s.expected_codes), false) end as b_expected,
           case when s.kind = 'range' then coalesce(d.a_points >= s.expected_min, false)
                else coalesce(d.a_value = any(s.expected_codes), false) end as a_expected,
           p.year_group, p.class_group_id, p.gender, p.ethnicity, p.sen_status, p.fsm, p.fsm6, p.pupil_premium,
           p.disadvantaged_now as disadvantaged, p.eal, p.in_la_care, p.gifted_and_talented
      from dated d
      join scales s on s.tenant_id = d.tenant_id and s.measure_id = d.measure_id
      join per p on p.tenant_id = d.tenant_id and p.pupil_id = d.pupil_id
       and p.valid_from < d.day_end and (p.valid_to is null or p.valid_to >= d.day_end)
      join per c on c.tenant_id = d.tenant_id and c.pupil_id = d.pupil_id and c.valid_to is null
     where not c.restricted
  ),
  facts as (
    select c.tenant_id, c.point_id, c.measure_id, null::uuid as baseline_point_id,
           c.year_group, c.class_group_id, c.gender, c.ethnicity, c.sen_status, c.fsm, c.fsm6, c.pupil_premium,
           c.disadvantaged, c.eal, c.in_la_care, c.gifted_and_talented,
           c.a_exists::int - c.b_exists::int as pupil,
           (c.a_exists and c.a_expected)::int - (c.b_exists and c.b_expected)::int as expected,
           coalesce(c.a_points::numeric, 0) - coalesce(c.b_points::numeric, 0) as sum_points,
           (c.a_points is not null)::int - (c.b_points is not null)::int as with_points,
           0::numeric as progress, 0 as with_progress
      from counted c
     where c.touched
    union all
    select c.tenant_id, c.point_id, c.measure_id, e.point_id,
           c.year_group, c.class_group_id, c.gender, c.ethnicity, c.sen_status, c.fsm, c.fsm6, c.pupil_premium,
           c.disadvantaged, c.eal, c.in_la_care, c.gifted_and_talented,
           0, 0, 0, 0,
           coalesce((c.a_points - e.a_points)::numeric, 0) - coalesce((c.b_points - e.b_points)::numeric, 0),
           (c.a_points - e.a_points is not null)::int - (c.b_points - e.b_points is not null)::int
      from counted c
      join dated e on e.tenant_id = c.tenant_id and e.pupil_id = c.pupil_id and e.measure_id = c.measure_id
     where e.date < c.date and (c.touched or e.touched)
  ),
  summed as (
  select tenant_id, point_id, measure_id, baseline_point_id,
         case grouping(year_group, class_group_id, gender, ethnicity, sen_status, fsm, fsm6, pupil_premium,
                       disadvantaged, eal, in_la_care, gifted_and_talented)
           when 4095 then 'all' when 2047 then 'year' when 3071 then 'class' when 3583 then 'gender'
           when 3839 then 'ethnicity' when 3967 then 'sen' when 4031 then 'fsm' when 4063 then 'fsm6'
           when 4079 then 'pupilPremium' when 4087 then 'disadvantaged' when 4091 then 'eal' when 4093 then 'inCare'
           else 'giftedAndTalented' end as dimension,
         coalesce(year_group, class_group_id::text, gender, ethnicity, sen_status,
                  case fsm when true then 'yes' when false then 'no' end,
                  case fsm6 when true then 'yes' when false then 'no' end,
                  case pupil_premium when true then 'yes' when false then 'no' end,
                  case disadvantaged when true then 'yes' when false then 'no' end,
                  case eal when true then 'yes' when false then 'no' end,
                  case in_la_care when true then 'yes' when false then 'no' end,
                  case gifted_and_talented when true then 'yes' when false then 'no' end) as value,
         sum(pupil) as pupils, sum(expected) as at_expected, sum(sum_points) as sum_points, sum(with_points) as with_points,
         sum(progress) as sum_progress, sum(with_progress) as with_progress
    from facts
   group by tenant_id, point_id, measure_id, baseline_point_id,
            grouping sets ((), (year_group), (class_group_id), (gender), (ethnicity), (sen_status), (fsm), (fsm6),
                           (pupil_premium), (disadvantaged), (eal), (in_la_care), (gifted_and_talented))
  )
  select * from summed
   where pupils <> 0 or at_expected <> 0 or sum_points <> 0 or with_points <> 0 or sum_progress <> 0 or with_progress <> 0
   order by 1, 2, 3, 4, 5, 6
  on conflict (tenant_id, point_id, measure_id, baseline_point_id, dimension, value) do update
     set pupils = g.pupils + excluded.pupils, at_expected = g.at_expected + excluded.at_expected,
         sum_points = g.sum_points + excluded.sum_points, with_points = g.with_points + excluded.with_points,
         sum_progress = g.sum_progress + excluded.sum_progress, with_progress = g.with_progress + excluded.with_progress;
  end $fn$;`);

    // Deleted results (an erasure, a purge): summed in the statement, with the sums made
    // current first by the before-statement fold.
    this.addSql(`create or replace function result_group_sum_results(p_old assessment_result[], p_new assessment_result[])
  returns void language plpgsql as $fn$
  declare
    v_touched assessment_result[] := coalesce(p_old, '{}') || coalesce(p_new, '{}');
    v_after assessment_result[];
    v_periods pupil_period[];
  begin
    select coalesce(array_agg(r), '{}') into v_after
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select r from assessment_result r
                           where r.tenant_id = t.tenant_id and r.pupil_id = t.pupil_id
                             and r.measure_id in (select u.measure_id from unnest(v_touched) u
                                                   where u.tenant_id = t.tenant_id and u.pupil_id = t.pupil_id)) x(r);
    select coalesce(array_agg(p), '{}') into v_periods
      from (select distinct t.tenant_id, t.pupil_id from unnest(v_touched) t) t
      cross join lateral (select p from pupil_period p where p.tenant_id = t.tenant_id and p.pupil_id = t.pupil_id) x(p);
    perform result_group_sum_result_delta(coalesce(p_old, '{}'), coalesce(p_new, '{}'), v_after, v_periods);
  end $fn$;`);

    // Every pending key of the schools (null: every school visible) folded into the sums.
    this.addSql(`create function result_group_sum_fold(p_tenants uuid[]) returns void language plpgsql
  -- The pending table's estimates lag its churn: costed as if it held every key ever noted, the
  -- statements below were compiled by JIT (650 ms for 360 keys, against 20 ms of work).
  set jit = off as $fn$
  declare
    v_tenants uuid[];
    v_tenant uuid;
    v_old assessment_result[];
    v_new assessment_result[];
    v_after assessment_result[];
    v_periods pupil_period[];
  begin
    select array_agg(distinct k.tenant_id order by k.tenant_id) into v_tenants
      from result_group_sum_pending k where p_tenants is null or k.tenant_id = any(p_tenants);
    if v_tenants is null then return; end if;
    -- Each school's lock, exclusive (saves take it shared to note keys): a save still writing
    -- commits first, so the statement below sees its results and its notes together. Without
    -- it a save that found its key noted already (and noted nothing) could commit after this
    -- fold's snapshot but before it took the key: its change never folded. A save blocked here
    -- notes its keys after this fold commits, with its rows as they were (what this fold summed).
    foreach v_tenant in array v_tenants loop
      perform pg_advisory_xact_lock(hashtext('result_group_sum:' || v_tenant::text));
    end loop;
    -- One statement, one snapshot: the keys taken and the results read as of the same moment.
    with taken as (
      delete from result_group_sum_pending k where k.tenant_id = any(v_tenants) returning k.*
    ),
    pupils as (select distinct t.tenant_id, t.pupil_id from taken t),
    measures as (select distinct t.tenant_id, t.pupil_id, t.measure_id from taken t)
    select (select coalesce(array_agg(jsonb_populate_record(null::assessment_result, t.old_row)), '{}')
              from taken t where t.old_row is not null),
           (select coalesce(array_agg(x.r), '{}') from taken t
              cross join lateral (select r from assessment_result r
                                   where r.tenant_id = t.tenant_id and r.point_id = t.point_id
                                     and r.measure_id = t.measure_id and r.pupil_id = t.pupil_id) x(r)),
           (select coalesce(array_agg(x.r), '{}') from pupils u
              cross join lateral (select r from assessment_result r
                                   where r.tenant_id = u.tenant_id and r.pupil_id = u.pupil_id
                                     and r.measure_id in (select m.measure_id from measures m
                                                           where m.tenant_id = u.tenant_id and m.pupil_id = u.pupil_id)) x(r)),
           (select coalesce(array_agg(x.p), '{}') from pupils u
              cross join lateral (select p from pupil_period p where p.tenant_id = u.tenant_id and p.pupil_id = u.pupil_id) x(p))
      into v_old, v_new, v_after, v_periods;
    perform result_group_sum_result_delta(v_old, v_new, v_after, v_periods);
  end $fn$;`);

    // Results inserted or updated: each key noted with its row as it was (none: inserted), in
    // key order (concurrent saves lock the notes alike). An INSERT … ON CONFLICT DO UPDATE fires
    // both triggers; whatever mix of keys and points it writes, the fold sees the state before
    // (the first note of each key) and after (the table).
    this.addSql(`create or replace function result_group_sum_results_inserted() returns trigger language plpgsql as $fn$
  declare v_tenant uuid;
  begin
    -- The school's lock shared (see result_group_sum_fold), before the notes.
    for v_tenant in select distinct n.tenant_id from new_rows n order by 1 loop
      perform pg_advisory_xact_lock_shared(hashtext('result_group_sum:' || v_tenant::text));
    end loop;
    insert into result_group_sum_pending (tenant_id, pupil_id, measure_id, point_id, old_row)
    select distinct n.tenant_id, n.pupil_id, n.measure_id, n.point_id, null::jsonb from new_rows n
     order by 1, 2, 3, 4
    on conflict do nothing;
    return null;
  end $fn$;`);
    this.addSql(`create or replace function result_group_sum_results_updated() returns trigger language plpgsql as $fn$
  declare v_tenant uuid;
  begin
    -- The school's lock shared (see result_group_sum_fold), before the notes.
    for v_tenant in select distinct n.tenant_id from new_rows n order by 1 loop
      perform pg_advisory_xact_lock_shared(hashtext('result_group_sum:' || v_tenant::text));
    end loop;
    insert into result_group_sum_pending (tenant_id, pupil_id, measure_id, point_id, old_row)
    select distinct on (k.tenant_id, k.pupil_id, k.measure_id, k.point_id)
           k.tenant_id, k.pupil_id, k.measure_id, k.point_id, k.old_row
      from (select o.tenant_id, o.pupil_id, o.measure_id, o.point_id, to_jsonb(o) as old_row, 0 as rank from old_rows o
            union all
            -- A key an update moved a row to was empty before.
            select n.tenant_id, n.pupil_id, n.measure_id, n.point_id, null, 1 from new_rows n) k
     order by k.tenant_id, k.pupil_id, k.measure_id, k.point_id, k.rank
    on conflict do nothing;
    return null;
  end $fn$;`);

    // Before pupil periods change or results are deleted, the sums made current: those
    // triggers count the touched pupils' results out as they stand in the table.
    this.addSql(`create function result_group_sum_fold_visible() returns trigger language plpgsql as $fn$
  begin perform result_group_sum_fold(null); return null; end $fn$;`);
    for (const [table, events] of [['assessment_result', 'delete'], ['pupil_period', 'insert or update or delete']]) {
      this.addSql(`create trigger result_group_sum_fold before ${events} on "${table}" for each statement execute function result_group_sum_fold_visible();`);
    }

    // Schools' sums worked out afresh from their results, in one statement over the tables for
    // all of them (a bulk load: 20 schools' 2.9 million results): per school, through arrays of
    // its results, the generator spent ~10 s a school; hash joins over the tables take half that.
    this.addSql(`create function result_group_sum_rebuild(p_tenants uuid[]) returns void language plpgsql
  set work_mem = '256MB' set enable_nestloop = off as $fn$
  begin
  delete from result_group_sum_pending where tenant_id = any(p_tenants);
  delete from result_group_sum where tenant_id = any(p_tenants);
  insert into result_group_sum (tenant_id, point_id, measure_id, baseline_point_id, dimension, value,
                                pupils, at_expected, sum_points, with_points, sum_progress, with_progress)
  with
  points as (
    select pt.tenant_id, pt.id, pt.date, ((pt.date + 1)::timestamp at time zone 'Europe/London') as day_end
      from assessment_point pt where pt.tenant_id = any(p_tenants)
  ),
  scales as (
    select m.tenant_id, m.id as measure_id, s.kind, (s.range ->> 'expected')::float8 as expected_min,
           array(select g ->> 'code' from jsonb_array_elements(s.grades) g
                  where g ->> 'band' in ('expected', 'above')) as expected_codes
      from measure m join grade_scale s on s.tenant_id = m.tenant_id and s.id = m.grade_scale_id
     where m.tenant_id = any(p_tenants)
  ),
  counted as materialized (
    select r.tenant_id, r.pupil_id, r.measure_id, r.point_id, r.points, pt.date,
           case when s.kind = 'range' then coalesce(r.points >= s.expected_min, false)
                else r.value = any(s.expected_codes) end as at_expected,
           p.year_group, p.class_group_id, p.gender, p.ethnicity, p.sen_status, p.fsm, p.fsm6, p.pupil_premium,
           (p.fsm6 or p.in_la_care or p.ever_in_care) as disadvantaged, p.eal, p.in_la_care, p.gifted_and_talented
      from assessment_result r
      join points pt on pt.tenant_id = r.tenant_id and pt.id = r.point_id
      join scales s on s.tenant_id = r.tenant_id and s.measure_id = r.measure_id
      join pupil_period p on p.tenant_id = r.tenant_id and p.pupil_id = r.pupil_id
       and p.valid_from < pt.day_end and (p.valid_to is null or p.valid_to >= pt.day_end)
      join pupil_period c on c.tenant_id = r.tenant_id and c.pupil_id = r.pupil_id and c.valid_to is null
     where r.tenant_id = any(p_tenants) and not c.restricted
  ),
  facts as (
    select c.tenant_id, c.point_id, c.measure_id, null::uuid as baseline_point_id,
           c.year_group, c.class_group_id, c.gender, c.ethnicity, c.sen_status, c.fsm, c.fsm6, c.pupil_premium,
           c.disadvantaged, c.eal, c.in_la_care, c.gifted_and_talented,
           1 as pupil, c.at_expected::int as expected, c.points::numeric as sum_points,
           (c.points is not null)::int as with_points, 0::numeric as progress, 0 as with_progress
      from counted c
    union all
    select c.tenant_id, c.point_id, c.measure_id, b.point_id,
           c.year_group, c.class_group_id, c.gender, c.ethnicity, c.sen_status, c.fsm, c.fsm6, c.pupil_premium,
           c.disadvantaged, c.eal, c.in_la_care, c.gifted_and_talented,
           0, 0, 0, 0, (c.points - b.points)::numeric, 1
      from counted c
      join assessment_result b on b.tenant_id = c.tenant_id and b.pupil_id = c.pupil_id and b.measure_id = c.measure_id
      join points bp on bp.tenant_id = b.tenant_id and bp.id = b.point_id
     where bp.date < c.date and c.points is not null and b.points is not null
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
         sum(pupil), sum(expected), sum(sum_points), sum(with_points), sum(progress), sum(with_progress)
    from facts
   group by tenant_id, point_id, measure_id, baseline_point_id,
            grouping sets ((), (year_group), (class_group_id), (gender), (ethnicity), (sen_status), (fsm), (fsm6),
                           (pupil_premium), (disadvantaged), (eal), (in_la_care), (gifted_and_talented));
  end $fn$;`);
    this.addSql(`create or replace function result_group_sum_rebuild(p_tenant uuid) returns void language sql as $fn$
  select result_group_sum_rebuild(array[p_tenant]);
  $fn$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`select set_config('app.scope', 'platform', true);`);
    this.addSql(`select result_group_sum_fold(null);`);
    this.addSql(`drop trigger if exists result_group_sum_fold on "assessment_result";`);
    this.addSql(`drop trigger if exists result_group_sum_fold on "pupil_period";`);
    this.addSql(`drop function if exists result_group_sum_fold_visible();`);
    this.addSql(`drop function if exists result_group_sum_fold(uuid[]);`);
    this.addSql(`create or replace function result_group_sum_rebuild(p_tenant uuid) returns void language sql as $fn$
  delete from result_group_sum where tenant_id = p_tenant;
  select result_group_sum_change('{}', (select coalesce(array_agg(r), '{}') from assessment_result r where r.tenant_id = p_tenant),
                                 '{}', (select coalesce(array_agg(p), '{}') from pupil_period p where p.tenant_id = p_tenant), null);
  $fn$;`);
    this.addSql(`drop function if exists result_group_sum_rebuild(uuid[]);`);
    this.addSql(`drop table if exists "result_group_sum_pending" cascade;`);
    // Migration20261207000021's bodies back: results summed in the writing statement.
    this.addSql(`create or replace function result_group_sum_results(p_old assessment_result[], p_new assessment_result[])
  returns void language plpgsql as $fn$
  declare
    v_touched assessment_result[] := coalesce(p_old, '{}') || coalesce(p_new, '{}');
    v_after assessment_result[];
    v_periods pupil_period[];
  begin
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
    for (const [op, args] of [
      ['inserted', 'null, (select array_agg(row(n.*)::assessment_result) from new_rows n)'],
      ['updated', '(select array_agg(row(o.*)::assessment_result) from old_rows o), (select array_agg(row(n.*)::assessment_result) from new_rows n)'],
    ]) {
      this.addSql(`create or replace function result_group_sum_results_${op}() returns trigger language plpgsql as $fn$
  begin perform result_group_sum_results(${args}); return null; end $fn$;`);
    }
    this.addSql(`drop function if exists result_group_sum_result_delta(assessment_result[], assessment_result[], assessment_result[], pupil_period[]);`);
  }
}
