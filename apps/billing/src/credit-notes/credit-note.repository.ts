import { EntityManager } from '@mikro-orm/postgresql';
import { CreditNote } from './credit-note.entity';
import { FinancePage, financePageQuery, FinancePageRows } from '../finance-api/finance-page';

/** The only code that queries `credit_note`. */
export class CreditNoteRepository {
  constructor(private readonly em: EntityManager) {}

  /** P28: a page of every school's rows for the finance API, by (created_at, id) (platform scope). */
  async financePage(page: FinancePage): Promise<FinancePageRows<CreditNote>> {
    const { sql, params } = financePageQuery('credit_note', 'created_at', page);
    const rows = await this.em.execute<Array<Record<string, unknown> & { changed_at: string; id: string }>>(
      sql,
      params,
    );
    return rows.map((row) => ({ entity: this.em.map(CreditNote, row), changed_at: row.changed_at, id: row.id }));
  }

  find(id: string): Promise<CreditNote | null> {
    return this.em.findOne(CreditNote, { id });
  }

  /** P28: every school's credit notes issued in the period, oldest first (platform scope). */
  issuedBetween(from: string, to: string, limit: number): Promise<CreditNote[]> {
    return this.em.find(
      CreditNote,
      { issuedOn: { $gte: from, $lte: to } },
      { orderBy: { issuedOn: 'asc', number: 'asc' }, limit },
    );
  }

  list(tenantId: string, invoiceId?: string): Promise<CreditNote[]> {
    return this.em.find(
      CreditNote,
      { tenantId, ...(invoiceId ? { invoiceId } : {}) },
      { orderBy: { sequenceNumber: 'asc' } },
    );
  }

  /** What the invoice's credit notes come to so far, net and VAT (one statement). */
  async creditedOn(invoiceId: string): Promise<{ netPence: number; vatPence: number }> {
    const [row] = await this.em.execute<{ net: string; vat: string }[]>(
      `select coalesce(sum(net_pence), 0) as net, coalesce(sum(vat_pence), 0) as vat from credit_note where invoice_id = ?`,
      [invoiceId],
    );
    return { netPence: Number(row.net), vatPence: Number(row.vat) };
  }

  add(creditNote: CreditNote): void {
    this.em.persist(creditNote);
  }
}
