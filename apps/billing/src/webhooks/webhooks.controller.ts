import { Controller } from '@nestjs/common';
import {
  CREATE_WEBHOOK_ENDPOINT,
  CreateWebhookEndpointRequest,
  DELETE_WEBHOOK_ENDPOINT,
  GET_WEBHOOK_ENDPOINT,
  LIST_WEBHOOK_ATTEMPTS,
  LIST_WEBHOOK_ENDPOINTS,
  ListWebhookAttemptsRequest,
  REPLAY_WEBHOOK_MESSAGE,
  REPLAY_WEBHOOK_RANGE,
  ReplayWebhookMessageRequest,
  ReplayWebhookRangeRequest,
  ROTATE_WEBHOOK_SECRET,
  RotateWebhookSecretRequest,
  UPDATE_WEBHOOK_ENDPOINT,
  UpdateWebhookEndpointRequest,
  WebhookAttemptPage,
  WebhookEndpointRef,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookReplayReply,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData } from '@pt/platform';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** Platform finance staff, or a finance system's API key with the webhooks:manage scope. */
const WEBHOOK_MANAGERS = Allow.anyOf(Allow.platform('finance:manage'), Allow.platform('webhooks:manage'));

/** Webhook endpoints, their delivery log and replays. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly delivery: WebhookDeliveryService,
  ) {}

  @Handles(CREATE_WEBHOOK_ENDPOINT)
  @Access(WEBHOOK_MANAGERS)
  create(@MsgData() data: CreateWebhookEndpointRequest): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(data);
  }

  @Handles(LIST_WEBHOOK_ENDPOINTS)
  @Access(WEBHOOK_MANAGERS)
  list(): Promise<{ items: WebhookEndpointView[] }> {
    return this.endpoints.list();
  }

  @Handles(GET_WEBHOOK_ENDPOINT)
  @Access(WEBHOOK_MANAGERS)
  get(@MsgData() data: WebhookEndpointRef): Promise<WebhookEndpointView> {
    return this.endpoints.get(data);
  }

  @Handles(UPDATE_WEBHOOK_ENDPOINT)
  @Access(WEBHOOK_MANAGERS)
  update(@MsgData() data: UpdateWebhookEndpointRequest): Promise<WebhookEndpointView> {
    return this.endpoints.update(data);
  }

  @Handles(DELETE_WEBHOOK_ENDPOINT)
  @Access(WEBHOOK_MANAGERS)
  remove(@MsgData() data: WebhookEndpointRef): Promise<{ deleted: true }> {
    return this.endpoints.remove(data);
  }

  @Handles(ROTATE_WEBHOOK_SECRET)
  @Access(WEBHOOK_MANAGERS)
  rotate(@MsgData() data: RotateWebhookSecretRequest): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.rotateSecret(data);
  }

  @Handles(LIST_WEBHOOK_ATTEMPTS)
  @Access(WEBHOOK_MANAGERS)
  attempts(@MsgData() data: ListWebhookAttemptsRequest): Promise<WebhookAttemptPage> {
    return this.delivery.attempts(data);
  }

  @Handles(REPLAY_WEBHOOK_MESSAGE)
  @Access(WEBHOOK_MANAGERS)
  replay(@MsgData() data: ReplayWebhookMessageRequest): Promise<WebhookReplayReply> {
    return this.delivery.replayMessage(data);
  }

  @Handles(REPLAY_WEBHOOK_RANGE)
  @Access(WEBHOOK_MANAGERS)
  replayRange(@MsgData() data: ReplayWebhookRangeRequest): Promise<WebhookReplayReply> {
    return this.delivery.replayRange(data);
  }
}
