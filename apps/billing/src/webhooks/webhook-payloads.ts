import { EntityManager } from '@mikro-orm/postgresql';
import {
  GraceAccessChargedWebhookData,
  InvoiceIssuedWebhookData,
  PaymentRecordedWebhookData,
  PurgeScheduledWebhookData,
  SchoolPurgedWebhookData,
  SubscriptionExpiredWebhookData,
  SubscriptionRenewedWebhookData,
  WebhookEventType,
  WebhookPayload,
} from '@pt/contracts';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { LifecycleRepository } from '../lifecycle/lifecycle.repository';
import { PaymentRepository } from '../payments/payment.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';

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

export async function subscriptionExpiredData(
  em: EntityManager,
  event: { schoolId: string; subscriptionId: string },
): Promise<SubscriptionExpiredWebhookData | null> {
  const subscription = await new SubscriptionRepository(em).ofSchool(event.schoolId);
  if (!subscription || subscription.id !== event.subscriptionId) return null;
  const purge = await new LifecycleRepository(em).purgeOf(event.schoolId);
  return {
    schoolId: event.schoolId,
    subscriptionId: subscription.id,
    endedOn: subscription.endsOn,
    purgeDueOn: purge?.purgeDueOn ?? null,
  };
}

export async function subscriptionRenewedData(
  em: EntityManager,
  event: { schoolId: string; subscriptionId: string },
): Promise<SubscriptionRenewedWebhookData | null> {
  const subscription = await new SubscriptionRepository(em).ofSchool(event.schoolId);
  if (!subscription || subscription.id !== event.subscriptionId) return null;
  return {
    schoolId: event.schoolId,
    subscriptionId: subscription.id,
    planId: subscription.planId,
    startsOn: subscription.startsOn,
    endsOn: subscription.endsOn,
  };
}

export async function graceAccessChargedData(
  em: EntityManager,
  chargeId: string,
): Promise<GraceAccessChargedWebhookData | null> {
  const charge = await new LifecycleRepository(em).charge(chargeId);
  if (!charge) return null;
  return {
    schoolId: charge.tenantId,
    chargeId: charge.id,
    chargedAt: charge.chargedAt.toISOString(),
    // bigint columns arrive as text
    netPence: Number(charge.netPence),
    vatRateBasisPoints: charge.vatRateBasisPoints,
    vatPence: Number(charge.vatPence),
    grossPence: Number(charge.grossPence),
    currency: 'GBP',
  };
}

export async function purgeScheduledData(
  em: EntityManager,
  schoolId: string,
): Promise<PurgeScheduledWebhookData | null> {
  const purge = await new LifecycleRepository(em).purgeOf(schoolId);
  if (!purge) return null;
  return {
    schoolId,
    purgeId: purge.id,
    purgeDueOn: purge.purgeDueOn,
    financialRecordsKeptUntil: purge.financialRecordsKeptUntil,
  };
}

export async function schoolPurgedData(em: EntityManager, schoolId: string): Promise<SchoolPurgedWebhookData | null> {
  const purge = await new LifecycleRepository(em).purgeOf(schoolId);
  if (!purge) return null;
  return { schoolId, purgeId: purge.id, completedAt: purge.completedAt?.toISOString() ?? null };
}

/** The body, serialised once: the exact text signed on every attempt. */
export function webhookBody<T>(type: WebhookEventType, occurredAt: string, data: T): string {
  const payload: WebhookPayload<T> = { type, timestamp: occurredAt, data };
  return JSON.stringify(payload);
}
