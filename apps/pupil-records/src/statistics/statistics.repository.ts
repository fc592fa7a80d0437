import { EntityManager } from '@mikro-orm/postgresql';
import { PUPIL_FLAGS, PupilFlag, SEN_STATUSES } from '@pt/contracts';
import { ClassGroupScope } from '../pupils/class-group-scope';

export interface RawCounts {
  total: number;
  byYearGroup: Map<string, number>;
  /** Keyed by class group id; pupils in no group under 'none'. */
  byClassGroup: Map<string, number>;
  byCharacteristic: Map<string, number>;
}

const FLAG_COLUMNS: Record<PupilFlag, string> = {
  fsm: 'fsm',
  fsm6: 'fsm6',
  pupilPremium: 'pupil_premium',
  eal: 'eal',
  inLaCare: 'in_la_care',
  everInCare: 'ever_in_care',
  giftedAndTalented: 'gifted_and_talented',
};

/**
 * Aggregates in SQL over the pupils in analysis: on roll and not restricted (P18 keeps
 * restricted pupils out of analysis). Only counts leave the database, never rows.
 */
export class StatisticsRepository {
  constructor(private readonly em: EntityManager) {}

  async counts(tenantId: string, scope: ClassGroupScope): Promise<RawCounts> {
    const where = [
      'tenant_id = ?',
      'not restricted',
      '(leaving_date is null or leaving_date > current_date)',
      ...(scope === null ? [] : ['class_group_id = any(?::uuid[])']),
    ].join(' and ');
    const params = scope === null ? [tenantId] : [tenantId, `{${scope.join(',')}}`];
    const grouped = await this.em.execute<{ dimension: string; key: string | null; n: number }[]>(
      `select 'year' as dimension, year_group as key, count(*)::int as n from pupil where ${where} group by year_group
       union all
       select 'class', class_group_id::text, count(*)::int from pupil where ${where} group by class_group_id`,
      [...params, ...params],
    );
    const characteristics = [
      ...PUPIL_FLAGS.map((flag) => `count(*) filter (where ${FLAG_COLUMNS[flag]})::int as "${flag}"`),
      ...SEN_STATUSES.map((status) => `count(*) filter (where sen_status = '${status}')::int as "senStatus:${status}"`),
    ];
    const [row] = await this.em.execute<Record<string, number>[]>(
      `select count(*)::int as total, ${characteristics.join(', ')} from pupil where ${where}`,
      params,
    );
    const { total, ...byCharacteristic } = row;
    return {
      total,
      byYearGroup: new Map(grouped.filter((g) => g.dimension === 'year').map((g) => [g.key!, g.n])),
      byClassGroup: new Map(grouped.filter((g) => g.dimension === 'class').map((g) => [g.key ?? 'none', g.n])),
      byCharacteristic: new Map(Object.entries(byCharacteristic)),
    };
  }
}
