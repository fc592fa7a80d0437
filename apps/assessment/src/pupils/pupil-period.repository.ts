import { EntityManager } from '@mikro-orm/postgresql';
import { PupilAttributes } from '@pt/contracts';

/** A pupil as assessment knows them now (the open period). */
export interface CurrentPupil {
  pupilId: string;
  classGroupId: string | null;
  restricted: boolean;
}

/** A pupil's attributes as they stood at an instant, as stored (snake case, one row per pupil). */
export interface PupilAsAt {
  pupil_id: string;
  version: number;
  year_group: string;
  class_group_id: string | null;
  gender: string;
  ethnicity: string | null;
  sen_status: string;
  fsm: boolean;
  fsm6: boolean;
  pupil_premium: boolean;
  disadvantaged: boolean;
  eal: boolean;
  in_la_care: boolean;
  ever_in_care: boolean;
  gifted_and_talented: boolean;
  entry_date: string | null;
  leaving_date: string | null;
  restricted: boolean;
}

/**
 * The end of a school day: the state a pupil was in at the end of `date` (YYYY-MM-DD) in
 * England, so a change made during a point's day counts at that point. SQL, over a bind
 * parameter holding the date.
 */
export const END_OF_DAY_SQL = `((?::date + 1)::timestamp at time zone 'Europe/London')`;

/**
 * The named pupils as assessment knows them now (what `PupilPeriodRepository.current`
 * answers), as one jsonb array of CurrentPupil, for a statement that reads them together
 * with other things in one round trip. Binds: the tenant id, then the pupil ids (uuid[]).
 */
export const CURRENT_PUPILS_JSON_SQL = `(select coalesce(jsonb_agg(jsonb_build_object(
     'pupilId', pp.pupil_id, 'classGroupId', pp.class_group_id, 'restricted', pp.restricted)), '[]'::jsonb)
   from pupil_period pp where pp.tenant_id = ? and pp.valid_to is null and pp.pupil_id = any(?::uuid[]))`;

/** The only code that queries pupil periods and erased pupils; the tenant filter and RLS scope every read. */
export class PupilPeriodRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Applies pupils' current attributes in ONE statement: for each pupil whose stored
   * version is lower (or who is new), the open period is closed at the change's time and a
   * new one opened; an equal or older version (a replay, a late event, a second replica's
   * answer) changes nothing, and an erased pupil is never brought back. The open periods
   * are locked, so two replicas applying one pupil take turns. Returns how many changed.
   */
  async apply(tenantId: string, pupils: PupilAttributes[]): Promise<number> {
    if (!pupils.length) return 0;
    // Two statements: in one, the insert could meet the open period it replaces before the
    // update had closed it (the order of a statement's parts is not defined).
    const newer = await this.em.execute<Array<Record<string, unknown>>>(
      `with input as (
         select * from jsonb_to_recordset(?::jsonb) as x(${INPUT_COLUMNS})
       ),
       current as (
         select p.id, p.pupil_id, p.version, p.valid_from
           from pupil_period p join input i on i.pupil_id = p.pupil_id
          where p.tenant_id = ? and p.valid_to is null
          for update of p
       ),
       newer as (
         select i.*, c.id as current_id, greatest(i.changed_at, c.valid_from) as boundary
           from input i left join current c on c.pupil_id = i.pupil_id
          where (c.pupil_id is null or c.version < i.version)
            and not exists (select 1 from erased_pupil e where e.tenant_id = ? and e.pupil_id = i.pupil_id)
       ),
       closed as (
         update pupil_period p set valid_to = n.boundary from newer n where p.id = n.current_id returning p.id
       )
       select n.*, case when n.current_id is null then '-infinity'::timestamptz else n.boundary end as valid_from
         from newer n`,
      [JSON.stringify(latestOfEach(pupils).map(inputRowOf)), tenantId, tenantId],
    );
    if (!newer.length) return 0;
    // A pupil new to this transaction has no open period to lock, so another one (the
    // event consumer, a grid save fetching the pupil itself) may be opening the same pupil's
    // first period now. Its row wins the insert; ours is then applied again against it, after
    // it committed, like any later version (or not at all, when ours is not newer).
    const opened = await this.em.execute<Array<{ pupil_id: string }>>(
      `insert into pupil_period
              (id, tenant_id, pupil_id, version, valid_from, valid_to, year_group, class_group_id, gender, ethnicity,
               sen_status, fsm, fsm6, pupil_premium, eal, in_la_care, ever_in_care, gifted_and_talented,
               entry_date, leaving_date, restricted)
       select gen_random_uuid(), ?, n.pupil_id, n.version, n.valid_from, null,
              n.year_group, n.class_group_id, n.gender, n.ethnicity, n.sen_status, n.fsm, n.fsm6, n.pupil_premium,
              n.eal, n.in_la_care, n.ever_in_care, n.gifted_and_talented, n.entry_date, n.leaving_date, n.restricted
         from jsonb_to_recordset(?::jsonb) as n(${INPUT_COLUMNS}, valid_from timestamptz)
       on conflict (tenant_id, pupil_id) where valid_to is null do nothing
       returning pupil_id`,
      [tenantId, JSON.stringify(newer)],
    );
    if (opened.length === newer.length) return newer.length;
    const inserted = new Set(opened.map((row) => row.pupil_id));
    const overtaken = new Set(newer.filter((row) => !inserted.has(row.pupil_id as string)).map((row) => row.pupil_id));
    return (
      opened.length +
      (await this.apply(
        tenantId,
        pupils.filter((pupil) => overtaken.has(pupil.pupilId.toLowerCase())),
      ))
    );
  }

  /** P17: the pupils' periods go, and their ids are kept so that no late event brings them back. */
  async erase(tenantId: string, pupilIds: readonly string[]): Promise<void> {
    if (!pupilIds.length) return;
    await this.em.execute(
      `with ids as (select value::uuid as id from jsonb_array_elements_text(?::jsonb)),
       gone as (delete from pupil_period where tenant_id = ? and pupil_id in (select id from ids))
       insert into erased_pupil (pupil_id, tenant_id, erased_at)
       select id, ?, now() from ids
       on conflict (pupil_id) do nothing`,
      [JSON.stringify(pupilIds), tenantId, tenantId],
    );
  }

  /** These pupils as assessment knows them now (unknown, erased and another school's are absent): one query. */
  async current(tenantId: string, pupilIds: readonly string[]): Promise<CurrentPupil[]> {
    if (!pupilIds.length) return [];
    const rows = await this.em.execute<Array<{ pupil_id: string; class_group_id: string | null; restricted: boolean }>>(
      `select pupil_id, class_group_id, restricted from pupil_period
        where tenant_id = ? and valid_to is null
          and pupil_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`,
      [tenantId, JSON.stringify(pupilIds)],
    );
    return rows.map((r) => ({ pupilId: r.pupil_id, classGroupId: r.class_group_id, restricted: r.restricted }));
  }

  /** The pupils in these class groups now (a limited teacher's pupils): one query. */
  async idsInClassGroups(tenantId: string, classGroupIds: readonly string[]): Promise<string[]> {
    if (!classGroupIds.length) return [];
    const rows = await this.em.execute<Array<{ pupil_id: string }>>(
      `select pupil_id from pupil_period
        where tenant_id = ? and valid_to is null
          and class_group_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))`,
      [tenantId, JSON.stringify(classGroupIds)],
    );
    return rows.map((r) => r.pupil_id);
  }

  /**
   * Every pupil of the school (or these pupils) with their attributes as they stood at the
   * end of `date` (YYYY-MM-DD): one query over the periods, one row per pupil known then.
   */
  asAt(tenantId: string, date: string, pupilIds?: readonly string[]): Promise<PupilAsAt[]> {
    return this.em.execute<PupilAsAt[]>(
      `select pupil_id, version, year_group, class_group_id, gender, ethnicity, sen_status, fsm, fsm6, pupil_premium,
              disadvantaged, eal, in_la_care, ever_in_care, gifted_and_talented,
              to_char(entry_date, 'YYYY-MM-DD') as entry_date, to_char(leaving_date, 'YYYY-MM-DD') as leaving_date,
              restricted
         from pupil_period
        where tenant_id = ? and valid_from < ${END_OF_DAY_SQL} and (valid_to is null or valid_to >= ${END_OF_DAY_SQL})
          ${pupilIds ? 'and pupil_id in (select value::uuid from jsonb_array_elements_text(?::jsonb))' : ''}
        order by pupil_id`,
      pupilIds ? [tenantId, date, date, JSON.stringify(pupilIds)] : [tenantId, date, date],
    );
  }
}

const INPUT_COLUMNS = `pupil_id uuid, version integer, changed_at timestamptz, year_group text, class_group_id uuid,
  gender text, ethnicity text, sen_status text, fsm boolean, fsm6 boolean, pupil_premium boolean,
  eal boolean, in_la_care boolean, ever_in_care boolean, gifted_and_talented boolean,
  entry_date date, leaving_date date, restricted boolean`;

function inputRowOf(p: PupilAttributes): Record<string, unknown> {
  return {
    pupil_id: p.pupilId,
    version: p.version,
    changed_at: p.changedAt,
    year_group: p.yearGroup,
    class_group_id: p.classGroupId,
    gender: p.gender,
    ethnicity: p.ethnicity,
    sen_status: p.senStatus,
    fsm: p.fsm,
    fsm6: p.fsm6,
    pupil_premium: p.pupilPremium,
    eal: p.eal,
    in_la_care: p.inLaCare,
    ever_in_care: p.everInCare,
    gifted_and_talented: p.giftedAndTalented,
    entry_date: p.entryDate,
    leaving_date: p.leavingDate,
    restricted: p.restricted,
  };
}

/** One entry per pupil, the highest version (a batch may name a pupil twice). */
function latestOfEach(pupils: PupilAttributes[]): PupilAttributes[] {
  const byId = new Map<string, PupilAttributes>();
  for (const p of pupils) {
    const id = p.pupilId.toLowerCase();
    const seen = byId.get(id);
    if (!seen || seen.version < p.version) byId.set(id, p);
  }
  return [...byId.values()];
}
