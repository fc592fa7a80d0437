import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_WEBHOOK_ENDPOINT,
  DELETE_WEBHOOK_ENDPOINT,
  GET_WEBHOOK_ENDPOINT,
  LIST_WEBHOOK_ATTEMPTS,
  LIST_WEBHOOK_ENDPOINTS,
  MessageContext,
  REPLAY_WEBHOOK_MESSAGE,
  REPLAY_WEBHOOK_RANGE,
  ROTATE_WEBHOOK_SECRET,
  UPDATE_WEBHOOK_ENDPOINT,
  WebhookAttemptPage,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookReplayReply,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequireAnyPermission } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiNoContent, ApiReply } from '../openapi/api-reply.decorator';
import {
  CreateWebhookEndpointDto,
  ReplayWebhookRangeDto,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookAttemptsQueryDto,
} from './webhooks.dto';

const ENDPOINTS = 'api/v1/platform/billing/webhook-endpoints';

/**
 * Webhooks to finance systems (Standard Webhooks signatures, retries for about 3 days, a
 * delivery log, replays): platform finance (finance:manage) registers and manages them, and
 * so does a finance system with an API key holding webhooks:manage.
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingWebhooksController {
  constructor(private readonly bus: BusClient) {}

  @Post(ENDPOINTS)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({
    summary: 'Register a webhook endpoint for the events chosen; its whsec_ signing secret is shown this once',
  })
  @ApiReply(CREATE_WEBHOOK_ENDPOINT, 201)
  create(
    @RequestCtx() ctx: MessageContext,
    @Body() body: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecret> {
    return this.bus.request(CREATE_WEBHOOK_ENDPOINT, ctx, body);
  }

  @Get(ENDPOINTS)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({ summary: 'The webhook endpoints, oldest first (secrets are never shown again)' })
  @ApiReply(LIST_WEBHOOK_ENDPOINTS)
  list(@RequestCtx() ctx: MessageContext): Promise<{ items: WebhookEndpointView[] }> {
    return this.bus.request(LIST_WEBHOOK_ENDPOINTS, ctx, {});
  }

  @Get(`${ENDPOINTS}/:endpointId`)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({ summary: 'A webhook endpoint: its events, whether it is enabled, since when it has been failing' })
  @ApiReply(GET_WEBHOOK_ENDPOINT)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
  ): Promise<WebhookEndpointView> {
    return this.bus.request(GET_WEBHOOK_ENDPOINT, ctx, { endpointId });
  }

  @Patch(`${ENDPOINTS}/:endpointId`)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({ summary: 'Change the URL, description or events; disable it, or enable it again' })
  @ApiReply(UPDATE_WEBHOOK_ENDPOINT)
  update(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointView> {
    return this.bus.request(UPDATE_WEBHOOK_ENDPOINT, ctx, { ...body, endpointId });
  }

  @Delete(`${ENDPOINTS}/:endpointId`)
  @HttpCode(204)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({ summary: 'Delete a webhook endpoint: nothing more is sent to it' })
  @ApiNoContent()
  async remove(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
  ): Promise<void> {
    await this.bus.request(DELETE_WEBHOOK_ENDPOINT, ctx, { endpointId });
  }

  @Post(`${ENDPOINTS}/:endpointId/secret-rotations`)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({
    summary: 'A new signing secret (shown this once); the current one goes on signing beside it for overlapHours',
  })
  @ApiReply(ROTATE_WEBHOOK_SECRET, 201)
  rotate(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<WebhookEndpointWithSecret> {
    return this.bus.request(ROTATE_WEBHOOK_SECRET, ctx, { ...body, endpointId });
  }

  @Get(`${ENDPOINTS}/:endpointId/attempts`)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({
    summary:
      "The endpoint's delivery log, newest first: every attempt's outcome, status, latency, first bytes answered",
  })
  @ApiReply(LIST_WEBHOOK_ATTEMPTS)
  attempts(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Query() query: WebhookAttemptsQueryDto,
  ): Promise<WebhookAttemptPage> {
    return this.bus.request(LIST_WEBHOOK_ATTEMPTS, ctx, { endpointId, ...query });
  }

  @Post(`${ENDPOINTS}/:endpointId/messages/:messageId/replay`)
  @HttpCode(202)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({ summary: 'Send one message to the endpoint again, under its own webhook-id' })
  @ApiReply(REPLAY_WEBHOOK_MESSAGE, 202, 'Accepted')
  replay(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Param('messageId', UuidParamPipe) messageId: string,
  ): Promise<WebhookReplayReply> {
    return this.bus.request(REPLAY_WEBHOOK_MESSAGE, ctx, { endpointId, messageId });
  }

  @Post(`${ENDPOINTS}/:endpointId/replays`)
  @HttpCode(202)
  @RequireAnyPermission('finance:manage', 'webhooks:manage')
  @ApiOperation({
    summary: "Send again every message of the endpoint's events from since to until (or only those that failed)",
  })
  @ApiReply(REPLAY_WEBHOOK_RANGE, 202, 'Accepted')
  replayRange(
    @RequestCtx() ctx: MessageContext,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: ReplayWebhookRangeDto,
  ): Promise<WebhookReplayReply> {
    return this.bus.request(REPLAY_WEBHOOK_RANGE, ctx, { ...body, endpointId });
  }
}
