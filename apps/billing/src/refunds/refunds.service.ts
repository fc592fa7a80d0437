import { Injectable } from '@nestjs/common';
import {
  ApplyCreditRequest,
  CREDIT_APPLIED,
  CreditApplicationView,
  ISO_DATE,
  MessageContext,
  PAYMENT_METHODS,
  RecordRefundRequest,
  REFUND_RECORDED,
  RefundView,
} from '@pt/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, stageEvent, uuid7 } from '@pt/platform';
import { CreditNoteRepository } from '../credit-notes/credit-note.repository';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { amountDueOf } from '../invoices/invoices.service';
import { checkApplication, checkRefund, CreditLimits, CreditUse } from './account-credit';
import { CreditApplication, Refund } from './refund.entity';
import { RefundRepository } from './refund.repository';

type Problem = { field: string; message: string };
const MAX_PENCE = 100_000_000_000;

/**
 * Refunds and uses of a school's account credit, each in a transaction that locks the
 * school's billing account first, so two at once never take more than the credit holds.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async refund(ctx: MessageContext, request: RecordRefundRequest): Promise<RefundView> {
    checkRefundRequest(request);
    return this.unitOfWork.run(tenantScope(request.schoolId), async (em) => {
      const { limits, creditNote } = await limitsOf(em, request.schoolId, request.creditNoteId);
      refuse(checkRefund(request.amountPence, limits));
      const refund = Object.assign(new Refund(), {
        id: uuid7(),
        tenantId: request.schoolId,
        creditNoteId: creditNote?.id ?? null,
        creditNoteNumber: creditNote?.number ?? null,
        method: request.method,
        reference: request.reference.trim(),
        amountPence: request.amountPence,
        refundedOn: request.refundedOn,
        createdAt: this.clock.now(),
      });
      new RefundRepository(em).add(refund);
      stageEvent(em, REFUND_RECORDED, ctx, { refundId: refund.id });
      return refundViewOf(refund);
    });
  }

  async apply(ctx: MessageContext, request: ApplyCreditRequest): Promise<CreditApplicationView> {
    checkApplyRequest(request);
    return this.unitOfWork.run(tenantScope(request.schoolId), async (em) => {
      const { limits, creditNote } = await limitsOf(em, request.schoolId, request.creditNoteId);
      const invoice = await new InvoiceRepository(em).findForUpdate(request.invoiceId);
      if (!invoice || invoice.tenantId !== request.schoolId) {
        throw BusException.notFound('invoice.not_found', 'The invoice does not exist');
      }
      if (invoice.status !== 'issued' && invoice.status !== 'partly_paid') {
        throw BusException.conflict(
          'payment.invoice_not_payable',
          `invoiceId: only an issued invoice with something due can take credit; this invoice is ${invoice.status}`,
          { field: 'invoiceId' },
        );
      }
      refuse(checkApplication(request.amountPence, amountDueOf(invoice), limits));
      const now = this.clock.now();
      // Credit used on an invoice pays it, as a payment allocated to it would.
      invoice.paidPence += request.amountPence;
      invoice.status = amountDueOf(invoice) === 0 ? 'paid' : 'partly_paid';
      invoice.updatedAt = now;
      const application = Object.assign(new CreditApplication(), {
        id: uuid7(),
        tenantId: request.schoolId,
        invoiceId: invoice.id,
        invoiceNumber: invoice.number!,
        creditNoteId: creditNote?.id ?? null,
        creditNoteNumber: creditNote?.number ?? null,
        amountPence: request.amountPence,
        createdAt: now,
      });
      new RefundRepository(em).add(application);
      stageEvent(em, CREDIT_APPLIED, ctx, { creditApplicationId: application.id, invoiceId: invoice.id });
      return {
        id: application.id,
        schoolId: application.tenantId,
        invoiceId: application.invoiceId,
        invoiceNumber: application.invoiceNumber,
        creditNoteId: application.creditNoteId,
        creditNoteNumber: application.creditNoteNumber,
        amountPence: application.amountPence,
        invoiceAmountDuePence: amountDueOf(invoice),
        createdAt: now.toISOString(),
      };
    });
  }
}

/** The account locked, then what its credit (and the credit note named) has left. */
async function limitsOf(
  em: EntityManager,
  schoolId: string,
  creditNoteId: string | undefined,
): Promise<{ limits: CreditLimits; creditNote: { id: string; number: string } | null }> {
  const refunds = new RefundRepository(em);
  // A school that is not a customer has no row to lock, and no credit either.
  await refunds.lockAccount(schoolId);
  const accountPence = await refunds.accountCreditOf(schoolId);
  if (!creditNoteId) return { limits: { accountPence }, creditNote: null };
  const creditNote = await new CreditNoteRepository(em).find(creditNoteId);
  if (!creditNote || creditNote.tenantId !== schoolId) {
    throw BusException.notFound('credit_note.not_found', 'The credit note does not exist');
  }
  const invoice = await new InvoiceRepository(em).findForUpdate(creditNote.invoiceId);
  const use = await refunds.creditNoteUse(creditNote.id, creditNote.invoiceId);
  return {
    limits: {
      accountPence,
      creditNote: {
        leftPence: creditNote.owedToSchoolPence - use.refundedOrUsedPence,
        invoicePaidLeftPence: (invoice?.paidPence ?? 0) - use.refundedOnInvoicePence,
      },
    },
    creditNote: { id: creditNote.id, number: creditNote.number },
  };
}

function refuse(use: CreditUse): void {
  if (use.ok) return;
  const what =
    use.code === 'refund.exceeds_paid'
      ? 'was paid on the credit note’s invoice and not yet refunded'
      : use.code === 'credit.exceeds_amount_due'
        ? 'the invoice owes'
        : 'the account credit (or the credit note named) has left';
  throw BusException.conflict(use.code, `${use.field}: at most ${use.limitPence} pence: that is what ${what}`, {
    field: use.field,
  });
}

function checkAmount(amountPence: unknown, problems: Problem[]): void {
  if (!Number.isSafeInteger(amountPence) || (amountPence as number) < 1 || (amountPence as number) > MAX_PENCE) {
    problems.push({ field: 'amountPence', message: `must be a whole number of pence from 1 to ${MAX_PENCE}` });
  }
}

function checkRefundRequest(request: RecordRefundRequest): void {
  const problems: Problem[] = [];
  if (!PAYMENT_METHODS.includes(request.method)) {
    problems.push({ field: 'method', message: `must be one of ${PAYMENT_METHODS.join(', ')}` });
  }
  if (typeof request.reference !== 'string' || !request.reference.trim() || request.reference.length > 100) {
    problems.push({ field: 'reference', message: 'must be text of 1 to 100 characters' });
  }
  checkAmount(request.amountPence, problems);
  if (
    typeof request.refundedOn !== 'string' ||
    !ISO_DATE.pattern.test(request.refundedOn) ||
    Number.isNaN(Date.parse(request.refundedOn))
  ) {
    problems.push({ field: 'refundedOn', message: ISO_DATE.message });
  }
  if (problems.length) throw BusException.validation(problems);
}

function checkApplyRequest(request: ApplyCreditRequest): void {
  const problems: Problem[] = [];
  checkAmount(request.amountPence, problems);
  if (problems.length) throw BusException.validation(problems);
}

export function refundViewOf(refund: Refund): RefundView {
  return {
    id: refund.id,
    schoolId: refund.tenantId,
    creditNoteId: refund.creditNoteId,
    creditNoteNumber: refund.creditNoteNumber,
    method: refund.method,
    reference: refund.reference,
    amountPence: refund.amountPence,
    refundedOn: refund.refundedOn,
    createdAt: refund.createdAt.toISOString(),
  };
}
