import { EntityManager } from '@mikro-orm/postgresql';
import { DocumentSeriesName } from './document-series.entity';

/** The only code that touches `document_series`. */
export class DocumentSeriesRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The next number of the school's series, taken inside the caller's transaction: the
   * series row stays locked until that transaction ends, so a concurrent issue waits and
   * then reads the committed number, and a rollback gives the number back (no gap).
   */
  async next(tenantId: string, series: DocumentSeriesName): Promise<number> {
    await this.em.execute(
      `insert into document_series (tenant_id, series, last_number) values (?, ?, 0) on conflict do nothing`,
      [tenantId, series],
    );
    const [row] = await this.em.execute<{ last_number: number }[]>(
      `select last_number from document_series where tenant_id = ? and series = ? for update`,
      [tenantId, series],
    );
    const next = row.last_number + 1;
    await this.em.execute(`update document_series set last_number = ? where tenant_id = ? and series = ?`, [
      next,
      tenantId,
      series,
    ]);
    return next;
  }

  /**
   * The next number of each school's series at once (one statement, schools in id order so
   * two callers lock the rows in the same order), under the same rule as `next`: each row stays
   * locked until the caller's transaction ends, and a rollback gives every number back.
   */
  async nextOfEach(tenantIds: readonly string[], series: DocumentSeriesName): Promise<Map<string, number>> {
    if (tenantIds.length === 0) return new Map();
    const rows = await this.em.execute<{ tenant_id: string; last_number: number }[]>(
      `insert into document_series (tenant_id, series, last_number)
       select t, ?, 1 from unnest(?::uuid[]) t order by t
       on conflict (tenant_id, series) do update set last_number = document_series.last_number + 1
       returning tenant_id, last_number`,
      [series, `{${tenantIds.join(',')}}`],
    );
    return new Map(rows.map((row) => [row.tenant_id, row.last_number]));
  }
}
