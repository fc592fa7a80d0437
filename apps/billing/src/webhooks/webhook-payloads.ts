import { EntityManager } from '@mikro-orm/postgresql';
import {
  EventEnvelope,
  InvoiceIssuedWebhookData,
  PaymentRecordedWebhookData,
  WebhookEventType,
  WebhookPayload,
} from '@pt/contracts';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { PaymentRepository } from '../payments/payment.repository';

/**
 * What a finance system is sent for each billing event: ids and the few figures it books
 * (the number, dates and amounts), never a name or address. Read when the message is made,
 * in the event's own transaction, so the payload is the state the event announced.
 */
export async function invoiceIssuedData(
  em: EntityManager,
  invoiceId: string,
): Promise<InvoiceIssuedWebhookData | null> {
  const invoice = await new InvoiceRepository(em).find(invoiceId);
  if (!invoice || !invoice.number) return null;
  return {
    invoiceId: invoice.id,
    schoolId: invoice.tenantId,
    number: invoice.number,
    issuedOn: invoice.issuedOn!,
    dueOn: invoice.dueOn!,
    grossPence: invoice.grossPence,
    currency: 'GBP',
  };
}

export async function paymentRecordedData(
  em: EntityManager,
  paymentId: string,
): Promise<PaymentRecordedWebhookData | null> {
  const payments = new PaymentRepository(em);
  const payment = await payments.find(paymentId);
  if (!payment) return null;
  const allocations = await payments.allocationsOf([payment.id]);
  return {
    paymentId: payment.id,
    schoolId: payment.tenantId,
    amountPence: payment.amountPence,
    receivedOn: payment.receivedOn,
    method: payment.method,
    reference: payment.reference,
    allocations: allocations.map((a) => ({
      invoiceId: a.invoiceId,
      invoiceNumber: a.invoiceNumber,
      amountPence: a.amountPence,
    })),
    unallocatedPence: payment.unallocatedPence,
    currency: 'GBP',
  };
}

/**
 * A lifecycle event's payload as it is: those events carry ids only, which is what finance
 * needs of them (the school, the subscription, the charge), with the school named.
 */
export function idsData(event: EventEnvelope): Record<string, unknown> {
  return { schoolId: event.tenantId, ...event.data };
}

/** The body, serialised once: the exact text signed on every attempt. */
export function webhookBody<T>(type: WebhookEventType, occurredAt: string, data: T): string {
  const payload: WebhookPayload<T> = { type, timestamp: occurredAt, data };
  return JSON.stringify(payload);
}
