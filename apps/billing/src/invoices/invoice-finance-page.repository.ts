import { Injectable } from '@nestjs/common';
import { InvoiceView } from '@pt/contracts';
import { DirectSql, PreparedStatement } from '@pt/persistence';
import { FinancePage } from '../finance-api/finance-page';

/** One row of a finance page: the invoice's view as Postgres built it, and its cursor position. */
export interface InvoiceFinancePageRow {
  id: string;
  changed_at: string;
  view: InvoiceView;
}

const PAGE: PreparedStatement = {
  name: 'billing_finance_invoice_page',
  text: 'select * from finance_invoice_page($1, $2, $3, $4)',
};

/**
 * P28: a page of every school's invoices but drafts, in the order they last changed, for
 * the finance API: one prepared statement (the database function of migration
 * Migration20261206225500, which sets platform scope itself) instead of a unit of work's
 * BEGIN, scope, select and COMMIT, and each invoice's view built in Postgres instead of an
 * entity hydrated and mapped, since finance systems page through every invoice there is
 * (scripts/bench/finance-list.ts). `limit + 1` rows: the extra one says whether there is a
 * next page.
 */
@Injectable()
export class InvoiceFinancePageRepository {
  constructor(private readonly sql: DirectSql) {}

  page(page: FinancePage): Promise<InvoiceFinancePageRow[]> {
    return this.sql.query<InvoiceFinancePageRow>(PAGE, [
      page.since,
      page.after?.changedAt ?? null,
      page.after?.id ?? null,
      page.limit + 1,
    ]);
  }
}
