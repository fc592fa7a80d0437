import { Injectable } from '@nestjs/common';
import {
  FINANCE_EXPORT_LAYOUTS,
  FinanceCreditNotePage,
  FinanceExportFile,
  FinanceExportRequest,
  ISO_DATE,
  MAX_FINANCE_EXPORT_DOCUMENTS,
  FinanceGraceChargePage,
  FinanceInvoicePage,
  FinancePageRequest,
  FinancePaymentPage,
  FinanceSubscriptionPage,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { CreditNoteRepository } from '../credit-notes/credit-note.repository';
import { viewOf as creditNoteViewOf } from '../credit-notes/credit-notes.service';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { chargeView } from '../lifecycle/lifecycle.service';
import { InvoiceFinancePageRepository } from '../invoices/invoice-finance-page.repository';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { viewOf as invoiceViewOf } from '../invoices/invoices.service';
import { PaymentRepository } from '../payments/payment.repository';
import { viewOf as paymentViewOf } from '../payments/payments.service';
import { subscriptionFieldsOf } from '../subscriptions/subscriptions.service';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { BusException } from '@pt/platform';
import { quickbooksCsv, sage50Csv, xeroCsv } from './finance-export-layouts';
import { financePageOf, nextCursorOf } from './finance-page';

/**
 * P28: what a finance system reads through its API key: every school's documents, in the
 * order they last changed, a page at a time (platform scope: a key belongs to the
 * platform's finance team, not to a school). Each page is one statement (payments: two,
 * their allocations fetched for the whole page at once); invoices, the longest list, skip
 * the unit of work and the entities (InvoiceFinancePageRepository).
 */
@Injectable()
export class FinanceApiService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly invoicePages: InvoiceFinancePageRepository,
  ) {}

  async invoices(request: FinancePageRequest): Promise<FinanceInvoicePage> {
    const page = financePageOf(request);
    const rows = await this.invoicePages.page(page);
    return {
      items: rows.slice(0, page.limit).map((row) => row.view),
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

  /** Personal data minimised: the billing contact only when the caller's scope needs it (FinanceSubscriptionView). */
  async subscriptions(request: FinancePageRequest, withBillingContact: boolean): Promise<FinanceSubscriptionPage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SubscriptionRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => {
        const { billingContactEmail, ...fields } = subscriptionFieldsOf(row.entity);
        return withBillingContact ? { ...fields, billingContactEmail } : fields;
      }),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }

  /** P26: grace charges are owed at once, so a finance system collects them as they are charged. */
  async graceCharges(request: FinancePageRequest): Promise<FinanceGraceChargePage> {
    const page = financePageOf(request);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new LifecycleRepository(em).financePage(page));
    return {
      items: rows.slice(0, page.limit).map((row) => chargeView(row.entity)),
      nextCursor: nextCursorOf(rows, page.limit),
    };
  }

  /** Every school's documents issued in the period, in an import layout: one file, at most 500 documents. */
  async exportFile(request: FinanceExportRequest): Promise<FinanceExportFile> {
    checkExport(request);
    const { layout, from, to } = request;
    const limit = MAX_FINANCE_EXPORT_DOCUMENTS + 1;
    const { invoices, creditNotes } = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => ({
      invoices: await new InvoiceRepository(em).issuedBetween(from, to, limit),
      // Only Sage 50's audit trail takes credit notes in the same file (SC rows).
      creditNotes: layout === 'sage50' ? await new CreditNoteRepository(em).issuedBetween(from, to, limit) : [],
    }));
    const documents = invoices.length + creditNotes.length;
    if (documents > MAX_FINANCE_EXPORT_DOCUMENTS) {
      throw BusException.validation([
        {
          field: 'to',
          message: `the period holds more than ${MAX_FINANCE_EXPORT_DOCUMENTS} documents: export a shorter one`,
        },
      ]);
    }
    const options = request.accountCode ? { accountCode: request.accountCode } : {};
    const invoiceViews = invoices.map(invoiceViewOf);
    const content =
      layout === 'xero'
        ? xeroCsv(invoiceViews, options)
        : layout === 'quickbooks'
          ? quickbooksCsv(invoiceViews, options)
          : sage50Csv(invoiceViews, creditNotes.map(creditNoteViewOf), options);
    return { fileName: `invoices-${layout}-${from}-to-${to}.csv`, contentType: 'text/csv', content, documents };
  }
}

function checkExport(request: FinanceExportRequest): void {
  const problems: { field: string; message: string }[] = [];
  if (!(FINANCE_EXPORT_LAYOUTS as readonly string[]).includes(request.layout)) {
    problems.push({ field: 'layout', message: `must be one of ${FINANCE_EXPORT_LAYOUTS.join(', ')}` });
  }
  for (const field of ['from', 'to'] as const) {
    const value = request[field];
    if (typeof value !== 'string' || !ISO_DATE.pattern.test(value) || Number.isNaN(Date.parse(value))) {
      problems.push({ field, message: ISO_DATE.message });
    }
  }
  if (!problems.length && request.from > request.to) problems.push({ field: 'to', message: 'must not be before from' });
  if (
    request.accountCode !== undefined &&
    (typeof request.accountCode !== 'string' || !/^[\x20-\x7e]{1,40}$/.test(request.accountCode))
  ) {
    problems.push({ field: 'accountCode', message: 'must be 1 to 40 printable characters' });
  }
  if (problems.length) throw BusException.validation(problems);
}
