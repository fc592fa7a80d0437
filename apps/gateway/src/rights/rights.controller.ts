import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMPLETE_RIGHTS_REQUEST,
  EXTEND_RIGHTS_REQUEST,
  GET_RIGHTS_REQUEST,
  LIST_RIGHTS_REQUESTS,
  EXPORT_RIGHTS_REQUEST,
  MessageContext,
  RECORD_IDENTITY_CHECK,
  RECORD_RIGHTS_REQUEST,
  RightsExportLink,
  RightsReminderRun,
  RightsRequestDetail,
  RightsRequestPage,
  RightsRequestView,
  RUN_RIGHTS_ACTION,
  RUN_RIGHTS_REMINDERS,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  CompleteRightsRequestDto,
  ExtendRightsRequestDto,
  IdentityCheckDto,
  RecordRightsRequestDto,
  RightsActionDto,
  RightsRequestQueryDto,
} from './rights.dto';
import { ApiProblems, ApiReply, ApiView, viewSchema } from '../openapi/api-reply.decorator';

/** Gathering a bundle asks every service, each within its own time limit (RIGHTS_EXPORT_TIMEOUT_MS). */
const EXPORT_TIMEOUT_MS = 60_000;

/**
 * The school's register of data-subject rights requests (P21, P22): due dates by the
 * ICO's calendar-month rule, one extension within the first month, completion, overdue.
 */
@ApiTags('rights-requests')
@ApiBearerAuth()
@Controller()
export class RightsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/rights-requests')
  @ApiProblems(404)
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'Record a data-subject rights request; due one calendar month after receipt (P21, P22)' })
  @ApiReply(RECORD_RIGHTS_REQUEST, 201)
  record(@RequestCtx() ctx: MessageContext, @Body() body: RecordRightsRequestDto): Promise<RightsRequestView> {
    return this.bus.request(RECORD_RIGHTS_REQUEST, ctx, body);
  }

  @Get('api/v1/rights-requests')
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'The rights register, newest first; overdue=true for open requests past their due date' })
  @ApiReply(LIST_RIGHTS_REQUESTS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: RightsRequestQueryDto): Promise<RightsRequestPage> {
    return this.bus.request(LIST_RIGHTS_REQUESTS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
      overdue: query.overdue,
    });
  }

  @Get('api/v1/rights-requests/:requestId')
  @ApiOperation({ summary: 'A rights request with its deadline, actions and identity check' })
  @RequirePermissions('rights:manage')
  @ApiReply(GET_RIGHTS_REQUEST)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
  ): Promise<RightsRequestDetail> {
    return this.bus.request(GET_RIGHTS_REQUEST, ctx, { requestId });
  }

  @Post('api/v1/rights-requests/:requestId/extension')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'Extend by one or two months with a reason: once, on or before the original due date' })
  @ApiReply(EXTEND_RIGHTS_REQUEST)
  extend(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
    @Body() body: ExtendRightsRequestDto,
  ): Promise<RightsRequestView> {
    return this.bus.request(EXTEND_RIGHTS_REQUEST, ctx, { requestId, months: body.months, reason: body.reason });
  }

  @Post('api/v1/rights-requests/:requestId/completion')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'Record what was done and when (P22)' })
  @ApiReply(COMPLETE_RIGHTS_REQUEST)
  complete(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
    @Body() body: CompleteRightsRequestDto,
  ): Promise<RightsRequestView> {
    return this.bus.request(COMPLETE_RIGHTS_REQUEST, ctx, {
      requestId,
      outcome: body.outcome,
      summary: body.summary,
    });
  }

  @Post('api/v1/rights-requests/:requestId/identity-check')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({
    summary:
      "Record how the requester's identity was checked (P21): needed before a request about a pupil or parent is fulfilled",
  })
  @ApiReply(RECORD_IDENTITY_CHECK)
  identityCheck(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
    @Body() body: IdentityCheckDto,
  ): Promise<RightsRequestDetail> {
    return this.bus.request(RECORD_IDENTITY_CHECK, ctx, {
      requestId,
      method: body.method,
      checkedAt: body.checkedAt,
      note: body.note,
    });
  }

  @Post('api/v1/rights-requests/:requestId/export')
  @HttpCode(201)
  @RequirePermissions('rights:manage')
  @ApiOperation({
    summary:
      "Gather the subject's data from every service into one JSON bundle (access, portability; P21) behind a one-time link",
  })
  @ApiReply(EXPORT_RIGHTS_REQUEST, 201)
  export(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
  ): Promise<RightsExportLink> {
    return this.bus.request(EXPORT_RIGHTS_REQUEST, ctx, { requestId }, { timeoutMs: EXPORT_TIMEOUT_MS });
  }

  @Post('api/v1/rights-requests/:requestId/actions')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({
    summary: 'Carry out an erasure, restriction or objection through the owning service and record the outcome (P22)',
  })
  @ApiView(viewSchema('RightsRequestDetail'))
  action(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
    @Body() body: RightsActionDto,
  ): Promise<RightsRequestDetail> {
    return this.bus.request(
      RUN_RIGHTS_ACTION,
      ctx,
      { requestId, summary: body.summary },
      { timeoutMs: EXPORT_TIMEOUT_MS },
    );
  }

  @Post('api/v1/platform/rights-reminder-runs')
  @HttpCode(200)
  @RequirePermissions('audit:platform')
  @ApiOperation({
    summary: 'Send the due-soon and overdue reminders of every school now (they also run on a schedule)',
  })
  @ApiReply(RUN_RIGHTS_REMINDERS)
  remind(@RequestCtx() ctx: MessageContext): Promise<RightsReminderRun> {
    return this.bus.request(RUN_RIGHTS_REMINDERS, ctx, {}, { timeoutMs: EXPORT_TIMEOUT_MS });
  }
}
