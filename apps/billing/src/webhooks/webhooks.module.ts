import { Module } from '@nestjs/common';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookMessagesConsumer } from './webhook-messages.consumer';
import { WebhooksController } from './webhooks.controller';

/** Webhooks to finance systems (Standard Webhooks): endpoints, messages from billing's events, delivery with retries, the log, replays. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookEndpointsService, WebhookDeliveryService, WebhookMessagesConsumer],
})
export class WebhooksModule {}
