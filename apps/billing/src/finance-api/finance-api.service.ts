import { Injectable } from '@nestjs/common';
import { FinanceInvoicePage, FinancePageRequest } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { viewOf as invoiceViewOf } from '../invoices/invoices.service';
import { financePageOf, nextCursorOf } from './finance-page';

/**
 * P28: what a finance system reads through its API key: every school's documents, in the
 * order they last changed, a page at a time (platform scope: a key belongs to the
 * platform's finance team, not to a school).
 */
@Injectable()
export class FinanceApiService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async invoices(request: FinancePageRequest): Promise<FinanceInvoicePage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new InvoiceRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => invoiceViewOf(row.invoice)),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }
}
