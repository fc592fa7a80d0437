import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { EthnicityCode, Gender, PupilAttributes, PupilFlag, SenStatus, YearGroup } from '@pt/contracts';
import { ClassGroupScope } from './class-group-scope';
import { Pupil } from './pupil.entity';

/** No names or dates of birth are read for the attributes. */
const ATTRIBUTE_COLUMNS = [
  'id',
  'version',
  'updatedAt',
  'yearGroup',
  'classGroupId',
  'gender',
  'ethnicity',
  'senStatus',
  'fsm',
  'fsm6',
  'pupilPremium',
  'eal',
  'inLaCare',
  'everInCare',
  'giftedAndTalented',
  'entryDate',
  'leavingDate',
  'restricted',
] as const;

export interface PupilListFilter {
  yearGroup?: YearGroup;
  classGroupId?: string;
  flags?: Partial<Record<PupilFlag, boolean>>;
  senStatus?: SenStatus;
  restricted?: boolean;
  /** Lower-cased words; each must begin one of the names or the UPN. */
  searchWords?: string[];
}

/** Where a page ends: the last row's sort key. */
export interface PupilPosition {
  surname: string;
  forename: string;
  id: string;
}

/** Up to this many estimated matches a search collects and sorts them; beyond, it walks the name order. */
const SORTED_SEARCH_MAX = 3000;

const FLAG_COLUMNS: Record<PupilFlag, string> = {
  fsm: 'fsm',
  fsm6: 'fsm6',
  pupilPremium: 'pupil_premium',
  eal: 'eal',
  inLaCare: 'in_la_care',
  everInCare: 'ever_in_care',
  giftedAndTalented: 'gifted_and_talented',
};

/** The only place that queries `pupil`. The tenant filter and row-level security scope every read. */
export class PupilRepository {
  constructor(private readonly em: EntityManager) {}

  /** A pupil the reader may see (P19: outside a limited reader's class groups is not found). */
  findVisible(id: string, scope: ClassGroupScope): Promise<Pupil | null> {
    return this.em.findOne(Pupil, { id, ...scopeCondition(scope) });
  }

  /** Which of these ids are the school's pupils (the tenant filter and RLS scope the read). */
  async existingIds(ids: readonly string[]): Promise<string[]> {
    const rows = await this.em.find(Pupil, { id: { $in: [...ids] } }, { fields: ['id'] });
    return rows.map((pupil) => pupil.id);
  }

  /** The characteristics other services group by, of those of these pupils the school has: one query. */
  async attributesOf(ids: readonly string[]): Promise<PupilAttributes[]> {
    const rows = await this.em.find(
      Pupil,
      { id: { $in: [...ids] } },
      { fields: ATTRIBUTE_COLUMNS, orderBy: { id: 'asc' } },
    );
    return rows.map((pupil) => ({
      pupilId: pupil.id,
      version: pupil.version,
      changedAt: pupil.updatedAt.toISOString(),
      yearGroup: pupil.yearGroup as YearGroup,
      classGroupId: pupil.classGroupId,
      gender: pupil.gender as Gender,
      ethnicity: pupil.ethnicity as EthnicityCode | null,
      senStatus: pupil.senStatus as SenStatus,
      fsm: pupil.fsm,
      fsm6: pupil.fsm6,
      pupilPremium: pupil.pupilPremium,
      eal: pupil.eal,
      inLaCare: pupil.inLaCare,
      everInCare: pupil.everInCare,
      giftedAndTalented: pupil.giftedAndTalented,
      entryDate: pupil.entryDate,
      leavingDate: pupil.leavingDate,
      restricted: pupil.restricted,
    }));
  }

  /** Locked for the rest of the transaction: writes to one pupil are serialised. */
  findVisibleForUpdate(id: string, scope: ClassGroupScope): Promise<Pupil | null> {
    return this.em.findOne(Pupil, { id, ...scopeCondition(scope) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Whether another pupil of the school already has this UPN. */
  async upnTaken(upn: string, exceptId?: string): Promise<boolean> {
    const found = await this.em.findOne(
      Pupil,
      { upn, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
      {
        fields: ['id'],
      },
    );
    return found !== null;
  }

  add(pupil: Pupil): void {
    this.em.persist(pupil);
  }

  /** Deletes the row; guardians, consents, photographs and restrictions go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<number> {
    return this.em.nativeDelete(Pupil, { id });
  }

  async countInClassGroup(classGroupId: string): Promise<number> {
    return this.em.count(Pupil, { classGroupId });
  }

  /**
   * One page in name order (surname, forename, id), `limit + 1` rows after `after`
   * (keyset: the same cost however deep). A search goes one of two ways, by PostgreSQL's
   * own estimate of its matches: a narrow one (a surname, a UPN) collects its matches
   * through the prefix indexes and sorts them, rather than walking the name order through
   * most of the school hoping to meet them (which the planner would otherwise choose); a
   * broad one (one letter) walks the name order, where matches come every few rows, rather
   * than sorting a fifth of the school.
   */
  async page(
    tenantId: string,
    filter: PupilListFilter,
    scope: ClassGroupScope,
    limit: number,
    after: PupilPosition | null,
  ): Promise<Pupil[]> {
    const base = new Conditions();
    base.add('p.tenant_id = ?', tenantId);
    if (scope !== null) base.add('p.class_group_id = any(?::uuid[])', `{${scope.join(',')}}`);
    if (filter.yearGroup !== undefined) base.add('p.year_group = ?', filter.yearGroup);
    if (filter.classGroupId !== undefined) base.add('p.class_group_id = ?', filter.classGroupId);
    if (filter.senStatus !== undefined) base.add('p.sen_status = ?', filter.senStatus);
    if (filter.restricted !== undefined) base.add('p.restricted = ?', filter.restricted);
    for (const [flag, value] of Object.entries(filter.flags ?? {}) as [PupilFlag, boolean | undefined][]) {
      if (value !== undefined) base.add(`p.${FLAG_COLUMNS[flag]} = ?`, value);
    }
    if (after)
      base.add('(p.legal_surname, p.legal_forename, p.id) > (?, ?, ?::uuid)', after.surname, after.forename, after.id);
    const search = new Conditions();
    for (const word of filter.searchWords ?? []) {
      // starts_with on stored lower-case columns: leakproof, so usable by the indexes under RLS.
      const names = [
        'starts_with(p.search_legal_surname, ?)',
        'starts_with(p.search_legal_forename, ?)',
        'starts_with(p.search_preferred_surname, ?)',
        'starts_with(p.search_preferred_forename, ?)',
      ];
      const values: unknown[] = [word, word, word, word];
      // A UPN is a letter and digits: only a word with a digit is taken as the start of one
      // (a lone "a" means a name, not every UPN whose check letter is A).
      if (/\d/.test(word)) {
        names.push('starts_with(p.upn, ?)');
        values.push(word.toUpperCase());
      }
      search.add(`(${names.join(' or ')})`, ...values);
    }
    const order = 'order by p.legal_surname, p.legal_forename, p.id limit ?';
    if (search.isEmpty()) {
      return this.rows(`select * from pupil p where ${base.sql()} ${order}`, [...base.params, limit + 1]);
    }
    const matching = `select * from pupil p where ${base.sql()} and ${search.sql()}`;
    const matchingParams = [...base.params, ...search.params];
    if ((await this.estimatedRows(matching, matchingParams)) > SORTED_SEARCH_MAX) {
      return this.rows(`${matching} ${order}`, [...matchingParams, limit + 1]);
    }
    return this.rows(`with matches as materialized (${matching}) select * from matches p ${order}`, [
      ...matchingParams,
      limit + 1,
    ]);
  }

  /** The planner's estimate of a query's rows (planning only: nothing is read). */
  private async estimatedRows(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.em.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(
      `explain (format json) ${sql}`,
      params,
    );
    return row['QUERY PLAN'][0].Plan['Plan Rows'];
  }

  private async rows(sql: string, params: unknown[]): Promise<Pupil[]> {
    const rows = await this.em.execute<Record<string, unknown>[]>(sql, params);
    return rows.map((row) => this.em.map(Pupil, row));
  }
}

/** SQL conditions joined by `and`, with their parameters in order. */
class Conditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...params: unknown[]): void {
    this.parts.push(condition);
    this.params.push(...params);
  }

  isEmpty(): boolean {
    return this.parts.length === 0;
  }

  sql(): string {
    return this.parts.join(' and ');
  }
}

function scopeCondition(scope: ClassGroupScope): { classGroupId?: { $in: string[] } } {
  return scope === null ? {} : { classGroupId: { $in: [...scope] } };
}
