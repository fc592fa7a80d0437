import { Injectable } from '@nestjs/common';
import {
  ISO_DATE,
  MessageContext,
  PAYMENT_METHODS,
  PAYMENT_RECORDED,
  PaymentView,
  RecordPaymentRequest,
} from '@pt/contracts';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, stageEvent, uuid7 } from '@pt/platform';
import { Invoice } from '../invoices/invoice.entity';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { amountDueOf } from '../invoices/invoices.service';
import { allocate } from './allocation';
import { Payment, PaymentAllocation } from './payment.entity';
import { PaymentRepository } from './payment.repository';

type Problem = { field: string; message: string };
const MAX_PAYMENT_PENCE = 100_000_000_000;

/**
 * Payments recorded by platform finance and allocated in the same transaction, with the
 * invoices they pay locked, so two payments at once never pay an invoice beyond what it owes.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async record(ctx: MessageContext, request: RecordPaymentRequest): Promise<PaymentView> {
    checkPayment(request);
    const schoolId = request.schoolId;
    if (ctx.tenantId && ctx.tenantId !== schoolId) {
      throw BusException.notFound('invoice.not_found', 'The invoice does not exist');
    }
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const invoices = new InvoiceRepository(em);
      let payable: Invoice[];
      if (request.invoiceId) {
        const invoice = await invoices.findForUpdate(request.invoiceId);
        if (!invoice) throw BusException.notFound('invoice.not_found', 'The invoice does not exist');
        if (invoice.status !== 'issued' && invoice.status !== 'partly_paid') {
          throw BusException.conflict(
            'payment.invoice_not_payable',
            `invoiceId: only an issued invoice with something due can be paid; this invoice is ${invoice.status}`,
            { field: 'invoiceId' },
          );
        }
        payable = [invoice];
      } else {
        payable = await invoices.outstandingForUpdate(schoolId);
      }
      const byId = new Map(payable.map((invoice) => [invoice.id, invoice]));
      const split = allocate(
        request.amountPence,
        payable.map((invoice) => ({ id: invoice.id, amountDuePence: amountDueOf(invoice) })),
      );
      const now = this.clock.now();
      const payment = Object.assign(new Payment(), {
        id: uuid7(),
        tenantId: schoolId,
        method: request.method,
        reference: request.reference.trim(),
        amountPence: request.amountPence,
        receivedOn: request.receivedOn,
        unallocatedPence: split.unallocatedPence,
        createdAt: now,
      });
      const payments = new PaymentRepository(em);
      payments.add(payment);
      const allocations = split.allocations.map(({ invoiceId, amountPence }) => {
        const invoice = byId.get(invoiceId)!;
        invoice.paidPence += amountPence;
        invoice.status = amountDueOf(invoice) === 0 ? 'paid' : 'partly_paid';
        invoice.updatedAt = now;
        const allocation = Object.assign(new PaymentAllocation(), {
          paymentId: payment.id,
          invoiceId,
          tenantId: schoolId,
          invoiceNumber: invoice.number!,
          amountPence,
        });
        payments.add(allocation);
        return allocation;
      });
      stageEvent(em, PAYMENT_RECORDED, ctx, { paymentId: payment.id });
      return viewOf(payment, allocations);
    });
  }

  async list(ctx: MessageContext, request: { schoolId: string }): Promise<{ items: PaymentView[] }> {
    if (ctx.tenantId && ctx.tenantId !== request.schoolId) return { items: [] };
    return this.unitOfWork.run(tenantScope(request.schoolId), async (em) => {
      const payments = new PaymentRepository(em);
      const all = await payments.list(request.schoolId);
      const allocations = await payments.allocationsOf(all.map((p) => p.id));
      return {
        items: all.map((p) =>
          viewOf(
            p,
            allocations.filter((a) => a.paymentId === p.id),
          ),
        ),
      };
    });
  }
}

function checkPayment(request: RecordPaymentRequest): void {
  const problems: Problem[] = [];
  if (!PAYMENT_METHODS.includes(request.method)) {
    problems.push({ field: 'method', message: `must be one of ${PAYMENT_METHODS.join(', ')}` });
  }
  if (typeof request.reference !== 'string' || !request.reference.trim() || request.reference.length > 100) {
    problems.push({ field: 'reference', message: 'must be text of 1 to 100 characters' });
  }
  if (
    !Number.isSafeInteger(request.amountPence) ||
    request.amountPence < 1 ||
    request.amountPence > MAX_PAYMENT_PENCE
  ) {
    problems.push({ field: 'amountPence', message: `must be a whole number of pence from 1 to ${MAX_PAYMENT_PENCE}` });
  }
  if (
    typeof request.receivedOn !== 'string' ||
    !ISO_DATE.pattern.test(request.receivedOn) ||
    Number.isNaN(Date.parse(request.receivedOn))
  ) {
    problems.push({ field: 'receivedOn', message: ISO_DATE.message });
  }
  if (problems.length) throw BusException.validation(problems);
}

export function viewOf(payment: Payment, allocations: PaymentAllocation[]): PaymentView {
  return {
    id: payment.id,
    schoolId: payment.tenantId,
    method: payment.method,
    reference: payment.reference,
    amountPence: payment.amountPence,
    receivedOn: payment.receivedOn,
    allocations: allocations.map((a) => ({
      invoiceId: a.invoiceId,
      invoiceNumber: a.invoiceNumber,
      amountPence: a.amountPence,
    })),
    unallocatedPence: payment.unallocatedPence,
    createdAt: payment.createdAt.toISOString(),
  };
}
