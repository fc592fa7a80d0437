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
}
