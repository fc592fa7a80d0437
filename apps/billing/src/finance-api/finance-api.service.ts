import { Injectable } from '@nestjs/common';
import {
  FinanceCreditNotePage,
  FinanceInvoicePage,
  FinancePageRequest,
  FinancePaymentPage,
  FinanceSubscriptionPage,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { CreditNoteRepository } from '../credit-notes/credit-note.repository';
import { viewOf as creditNoteViewOf } from '../credit-notes/credit-notes.service';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { viewOf as invoiceViewOf } from '../invoices/invoices.service';
import { PaymentRepository } from '../payments/payment.repository';
import { viewOf as paymentViewOf } from '../payments/payments.service';
import { subscriptionFieldsOf } from '../subscriptions/subscriptions.service';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { financePageOf, nextCursorOf } from './finance-page';

/**
 * P28: what a finance system reads through its API key: every school's documents, in the
 * order they last changed, a page at a time (platform scope: a key belongs to the
 * platform's finance team, not to a school). Each page is one statement (payments: two,
 * their allocations fetched for the whole page at once).
 */
@Injectable()
export class FinanceApiService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async invoices(request: FinancePageRequest): Promise<FinanceInvoicePage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new InvoiceRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => invoiceViewOf(row.entity)),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }

  async creditNotes(request: FinancePageRequest): Promise<FinanceCreditNotePage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new CreditNoteRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => creditNoteViewOf(row.entity)),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }

  async payments(request: FinancePageRequest): Promise<FinancePaymentPage> {
    const page = financePageOf(request);
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const payments = new PaymentRepository(em);
      const rows = await payments.financePage(page);
      const shown = rows.slice(0, page.limit);
      const allocations = await payments.allocationsOf(shown.map((row) => row.id));
      return {
        items: shown.map((row) =>
          paymentViewOf(
            row.entity,
            allocations.filter((allocation) => allocation.paymentId === row.id),
          ),
        ),
        nextCursor: nextCursorOf(rows, page.limit),
      };
    });
  }

  async subscriptions(request: FinancePageRequest): Promise<FinanceSubscriptionPage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SubscriptionRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => subscriptionFieldsOf(row.entity)),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }
}
