import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  EventEnvelope,
  GRACE_ACCESS_CHARGED,
  INVOICE_ISSUED,
  PAYMENT_RECORDED,
  SCHOOL_PURGE_SCHEDULED,
  SCHOOL_PURGED,
  SUBSCRIPTION_EXPIRED,
  SUBSCRIPTION_RENEWED,
  WebhookEventType,
} from '@pt/contracts';
import { Clock, eventRoutes, EventConsumers } from '@pt/platform';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookMessage } from './webhook-message.entity';
import {
  graceAccessChargedData,
  invoiceIssuedData,
  paymentRecordedData,
  purgeScheduledData,
  schoolPurgedData,
  subscriptionExpiredData,
  subscriptionRenewedData,
  webhookBody,
} from './webhook-payloads';
import { WebhookRepository } from './webhook.repository';

/** Durable: an event billing published while it was down (or before a crash) is made a message when it comes back. */
export const BILLING_WEBHOOK_MESSAGES_CONSUMER = 'billing-webhook-messages';
/**
 * One wildcard filter (NATS 2.9 allows a consumer a single filter subject): billing's own
 * events, of which those not routed below pass unused.
 */
const BILLING_EVENTS = 'evt.billing.>';

/**
 * Makes a webhook message of each billing event finance can subscribe to, in the
 * transaction that records the event as processed (exactly once per event), with a
 * delivery to every enabled endpoint taking its type; the dispatcher sends them after commit.
 */
@Injectable()
export class WebhookMessagesConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly delivery: WebhookDeliveryService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes()
      .on(INVOICE_ISSUED, async (event, em) => {
        await this.queue(em, event, 'invoice.issued', await invoiceIssuedData(em, event.data.invoiceId));
      })
      .on(PAYMENT_RECORDED, async (event, em) => {
        await this.queue(em, event, 'payment.recorded', await paymentRecordedData(em, event.data.paymentId));
      })
      .on(SUBSCRIPTION_EXPIRED, async (event, em) => {
        await this.queue(em, event, 'subscription.expired', await subscriptionExpiredData(em, event.data));
      })
      .on(SUBSCRIPTION_RENEWED, async (event, em) => {
        await this.queue(em, event, 'subscription.renewed', await subscriptionRenewedData(em, event.data));
      })
      .on(GRACE_ACCESS_CHARGED, async (event, em) => {
        await this.queue(
          em,
          event,
          'subscription.grace_access_charged',
          await graceAccessChargedData(em, event.data.chargeId),
        );
      })
      .on(SCHOOL_PURGE_SCHEDULED, async (event, em) => {
        await this.queue(em, event, 'school.purge_scheduled', await purgeScheduledData(em, event.data.schoolId));
      })
      .on(SCHOOL_PURGED, async (event, em) => {
        await this.queue(em, event, 'school.purged', await schoolPurgedData(em, event.data.schoolId));
      });
    const routed = new Set(routes.subjects);
    await this.consumers.start({
      durable: BILLING_WEBHOOK_MESSAGES_CONSUMER,
      subjects: [BILLING_EVENTS],
      handle: (event, em) => (routed.has(event.subject) ? routes.handle(event, em) : Promise.resolve()),
    });
  }

  private async queue(
    em: EntityManager,
    event: EventEnvelope,
    type: WebhookEventType,
    data: { schoolId: string } | null,
  ): Promise<void> {
    // Gone already (a draft deleted, a school purged): nothing left to tell.
    if (!data) return;
    const message = Object.assign(new WebhookMessage(), {
      id: event.id,
      eventType: type,
      occurredAt: new Date(event.occurredAt),
      // From the payload, not the envelope: finance's own writes (an invoice issued, a payment
      // recorded) are staged outside any school's tenancy, and the retention (P27) finds a
      // school's messages by this column.
      schoolId: data.schoolId,
      body: webhookBody(type, event.occurredAt, data),
      createdAt: this.clock.now(),
    });
    if ((await new WebhookRepository(em).addMessage(message)) > 0) this.delivery.wakeAfterCommit();
  }
}
