import { Injectable } from '@nestjs/common';
import {
  CreateInvoiceDraftRequest,
  INVOICE_ISSUED,
  INVOICE_VOIDED,
  InvoicePdf,
  InvoiceRef,
  InvoiceSnapshot,
  InvoiceStatus,
  InvoiceView,
  ISO_DATE,
  ListInvoicesRequest,
  MessageContext,
  PlanView,
  QuoteView,
  VoidInvoiceRequest,
} from '@pt/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, stageEvent, stageEvents, uuid7 } from '@pt/platform';
import { BillingConfig } from '../billing.config';
import { BillingCustomerRepository } from '../customers/billing-customer.repository';
import { DocumentSeriesRepository } from '../numbering/document-series.repository';
import { PlansService, quoteOf } from '../plans/plans.service';
import { dateOfDay, dayNumber } from '../subscriptions/pro-rata';
import { Subscription } from '../subscriptions/subscription.entity';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { Invoice } from './invoice.entity';
import { documentNumber, invoiceLines, invoiceTotals, TermYear, termYearOf } from './invoice-figures';
import { invoicePdf } from './invoice-pdf';
import { InvoiceRepository, NewDraft } from './invoice.repository';

const notFound = () => BusException.notFound('invoice.not_found', 'The invoice does not exist');
const STATUSES: readonly InvoiceStatus[] = ['draft', 'issued', 'partly_paid', 'paid', 'void'];

/**
 * A school's invoices: a draft for a term year of its subscription with every figure
 * snapshotted, issued with the next number of the school's series in the same transaction,
 * voided while nothing is paid or credited.
 */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly plans: PlansService,
    private readonly config: BillingConfig,
    private readonly clock: Clock,
  ) {}

  async createDraft(ctx: MessageContext, request: CreateInvoiceDraftRequest): Promise<InvoiceView> {
    if (request.periodOn !== undefined) checkDay(request.periodOn, 'periodOn');
    const schoolId = schoolOf(ctx, request.schoolId);
    const subscription = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new SubscriptionRepository(em).ofSchool(schoolId),
    );
    if (!subscription) throw BusException.notFound('subscription.not_found', 'The school has no subscription');
    const period = termYearOf(subscription, request.periodOn ?? subscription.startsOn);
    if (!period) {
      throw BusException.conflict(
        'invoice.period_outside_term',
        `periodOn: the day must fall within the term (${subscription.startsOn} to ${subscription.endsOn})`,
        { field: 'periodOn' },
      );
    }
    const id = uuid7();
    await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const accounts = await new BillingCustomerRepository(em).accountNumbers([schoolId]);
      const snapshot = await this.snapshotFor(subscription, period, accounts.get(schoolId)!);
      const added = await new InvoiceRepository(em).addDraftUnlessInvoiced({
        id,
        tenantId: schoolId,
        subscriptionId: subscription.id,
        periodFrom: period.from,
        periodTo: period.to,
        snapshot,
        at: this.clock.now(),
      });
      if (!added) {
        throw BusException.conflict(
          'invoice.period_invoiced',
          `The term year ${period.from} to ${period.to} already has an invoice (void it to invoice the year again)`,
        );
      }
    });
    return this.get(ctx, { schoolId, invoiceId: id });
  }

  /** Draft → issued: the number, date of issue, tax point and due date, in one transaction. */
  async issue(ctx: MessageContext, ref: InvoiceRef): Promise<InvoiceView> {
    const schoolId = schoolOf(ctx, ref.schoolId);
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const invoice = await new InvoiceRepository(em).findForUpdate(ref.invoiceId);
      if (!invoice) throw notFound();
      if (invoice.status !== 'draft') {
        throw BusException.conflict(
          'invoice.not_draft',
          `Only a draft can be issued; this invoice is ${invoice.status}`,
        );
      }
      await this.issueLocked(em, ctx, invoice);
      return viewOf(invoice);
    });
  }

  /**
   * Gives a locked draft its number and dates. The caller's transaction holds the school's
   * series row from here to its end: a failure anywhere before the commit rolls the number
   * back with everything else.
   */
  async issueLocked(em: EntityManager, ctx: MessageContext, invoice: Invoice): Promise<void> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const sequenceNumber = await new DocumentSeriesRepository(em).next(invoice.tenantId, 'invoice');
    Object.assign(invoice, {
      status: 'issued' as const,
      sequenceNumber,
      number: documentNumber('INV', invoice.snapshot.customer.accountNumber, sequenceNumber),
      issuedOn: today,
      taxPoint: today,
      dueOn: dateOfDay(dayNumber(today) + invoice.snapshot.paymentTermsDays),
      updatedAt: this.clock.now(),
    });
    await em.flush();
    stageEvent(em, INVOICE_ISSUED, ctx, { invoiceId: invoice.id });
  }

  /**
   * Many schools' term years drafted and issued in the caller's transaction, set-based (the
   * annual run): a draft each unless its year already has an invoice, the next number of each
   * school's series (locked until the caller's commit, as `issueLocked`), its dates, and an
   * invoice-issued event each as its school's. Answers how many were issued; one school's
   * failure fails them all, so the caller can go school by school.
   */
  async issueDrafts(em: EntityManager, ctx: MessageContext, drafts: readonly NewDraft[]): Promise<number> {
    const invoices = new InvoiceRepository(em);
    const added = await invoices.addDraftsUnlessInvoiced(drafts);
    const numbers = await new DocumentSeriesRepository(em).nextOfEach(
      added.map((row) => row.tenant_id),
      'invoice',
    );
    const byId = new Map(drafts.map((draft) => [draft.id, draft]));
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    await invoices.markIssued(
      added.map((row) => {
        const snapshot = byId.get(row.id)!.snapshot;
        const sequenceNumber = numbers.get(row.tenant_id)!;
        return {
          id: row.id,
          sequenceNumber,
          number: documentNumber('INV', snapshot.customer.accountNumber, sequenceNumber),
          issuedOn: today,
          dueOn: dateOfDay(dayNumber(today) + snapshot.paymentTermsDays),
          at: now,
        };
      }),
    );
    await stageEvents(
      em,
      INVOICE_ISSUED,
      ctx,
      added.map((row) => ({ invoiceId: row.id })),
      added.map((row) => row.tenant_id),
    );
    return added.length;
  }

  /** Issued → void, only while nothing is paid or credited; the number stays taken (a spoilt invoice is kept). */
  async void(ctx: MessageContext, request: VoidInvoiceRequest): Promise<InvoiceView> {
    const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
    if (!reason || reason.length > 500) {
      throw BusException.validation([{ field: 'reason', message: 'must be text of 1 to 500 characters' }]);
    }
    const schoolId = schoolOf(ctx, request.schoolId);
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const invoice = await new InvoiceRepository(em).findForUpdate(request.invoiceId);
      if (!invoice) throw notFound();
      if (invoice.status !== 'issued' || invoice.paidPence !== 0 || invoice.creditedPence !== 0) {
        throw BusException.conflict(
          'invoice.not_voidable',
          'Only an issued invoice with nothing paid or credited can be voided (a draft is deleted instead)',
        );
      }
      Object.assign(invoice, { status: 'void' as const, voidReason: reason, updatedAt: this.clock.now() });
      stageEvent(em, INVOICE_VOIDED, ctx, { invoiceId: invoice.id });
      return viewOf(invoice);
    });
  }

  /** A draft has no number yet, so it can go without a trace in the series. */
  async deleteDraft(ctx: MessageContext, ref: InvoiceRef): Promise<{ deleted: true }> {
    const schoolId = schoolOf(ctx, ref.schoolId);
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const invoices = new InvoiceRepository(em);
      const invoice = await invoices.findForUpdate(ref.invoiceId);
      if (!invoice) throw notFound();
      if (invoice.status !== 'draft') {
        throw BusException.conflict('invoice.not_draft', 'Only a draft can be deleted; void an issued invoice');
      }
      invoices.remove(invoice);
      return { deleted: true as const };
    });
  }

  async get(ctx: MessageContext, ref: InvoiceRef): Promise<InvoiceView> {
    const schoolId = schoolOf(ctx, ref.schoolId);
    const invoice = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new InvoiceRepository(em).find(ref.invoiceId),
    );
    if (!invoice) throw notFound();
    return viewOf(invoice);
  }

  /** Prices from the plans, remembered for the lookup's lifetime (one request, or one invoice run). */
  priceLookup(): PriceLookup {
    // Each plan read once: every school's roll is priced from it (a read per roll cost two
    // transactions for each distinct roll, most of the run's time with 2,000 schools).
    const plans = new Map<string, Promise<PlanView>>();
    return async (planId, pupils, on) => {
      let found = plans.get(planId);
      if (!found) {
        found = this.plans.get(planId);
        plans.set(planId, found);
      }
      const plan = await found;
      return { quote: quoteOf(plan, pupils, on), plan };
    };
  }

  /** The PDF of exactly what `get` answers. */
  async pdf(ctx: MessageContext, ref: InvoiceRef): Promise<InvoicePdf> {
    const invoice = await this.get(ctx, ref);
    return {
      fileName: `${invoice.number ?? `draft-${invoice.id}`}.pdf`,
      contentType: 'application/pdf',
      contentBase64: invoicePdf(invoice).toString('base64'),
    };
  }

  async list(ctx: MessageContext, request: ListInvoicesRequest): Promise<{ items: InvoiceView[] }> {
    if (request.status !== undefined && !STATUSES.includes(request.status)) {
      throw BusException.validation([{ field: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    }
    const schoolId = schoolOf(ctx, request.schoolId);
    const invoices = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new InvoiceRepository(em).list(schoolId, request.status),
    );
    return { items: invoices.map(viewOf) };
  }

  /**
   * Every figure and party of a term year's invoice: the plan's price version in force on
   * the period's first day, at the subscription's roll, addressed to its legal entity.
   */
  async snapshotFor(
    subscription: Subscription,
    period: TermYear,
    accountNumber: number,
    prices: PriceLookup = this.priceLookup(),
  ): Promise<InvoiceSnapshot> {
    const { quote, plan } = await prices(subscription.planId, subscription.pupils, period.from);
    const lines = invoiceLines(
      {
        planName: plan.name,
        baseFeePence: quote.base,
        perPupilPence: quote.perPupilPence,
        pupils: quote.pupils,
        vatRateBasisPoints: quote.vatRateBasisPoints,
      },
      period,
    );
    const entity = subscription.legalEntity;
    return {
      supplier: this.config.supplier,
      customer: {
        kind: entity.kind,
        name: entity.name,
        address: entity.address,
        ...(entity.companyNumber ? { companyNumber: entity.companyNumber } : {}),
        accountNumber,
      },
      purchaseOrderNumber: subscription.purchaseOrderNumber,
      plan: { id: plan.id, code: plan.code, name: plan.name },
      priceVersion: { id: quote.priceVersionId, effectiveFrom: quote.effectiveFrom },
      pupils: quote.pupils,
      period: { from: period.from, to: period.to },
      lines,
      ...invoiceTotals(lines),
      paymentTermsDays: this.config.BILLING_PAYMENT_TERMS_DAYS,
    };
  }
}

/** The quote for a roll on a day and its plan: each plan read once per run. */
export type PriceLookup = (planId: string, pupils: number, on: string) => Promise<{ quote: QuoteView; plan: PlanView }>;

/** Platform staff name the school; a school's own staff see only their school (another's invoice is not found). */
function schoolOf(ctx: MessageContext, schoolId: string): string {
  if (ctx.tenantId && ctx.tenantId !== schoolId) throw notFound();
  return schoolId;
}

function checkDay(value: unknown, field: string): void {
  if (typeof value !== 'string' || !ISO_DATE.pattern.test(value) || Number.isNaN(Date.parse(value))) {
    throw BusException.validation([{ field, message: ISO_DATE.message }]);
  }
}

export function viewOf(invoice: Invoice): InvoiceView {
  return {
    ...invoice.snapshot,
    id: invoice.id,
    schoolId: invoice.tenantId,
    subscriptionId: invoice.subscriptionId,
    status: invoice.status,
    number: invoice.number,
    sequenceNumber: invoice.sequenceNumber,
    issuedOn: invoice.issuedOn,
    taxPoint: invoice.taxPoint,
    dueOn: invoice.dueOn,
    creditedPence: invoice.creditedPence,
    paidPence: invoice.paidPence,
    amountDuePence: amountDueOf(invoice),
    voidReason: invoice.voidReason,
    createdAt: invoice.createdAt.toISOString(),
    updatedAt: invoice.updatedAt.toISOString(),
  };
}

/** What the school owes (or will, once a draft is issued) on the invoice: nothing on a void one, never below 0 (a credit beyond it is owed back). */
export function amountDueOf(invoice: Invoice): number {
  if (invoice.status === 'void') return 0;
  return Math.max(0, invoice.grossPence - invoice.creditedPence - invoice.paidPence);
}
