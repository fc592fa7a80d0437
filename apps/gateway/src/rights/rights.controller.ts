import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMPLETE_RIGHTS_REQUEST,
  EXTEND_RIGHTS_REQUEST,
  GET_RIGHTS_REQUEST,
  LIST_RIGHTS_REQUESTS,
  MessageContext,
  RECORD_RIGHTS_REQUEST,
  RightsRequestPage,
  RightsRequestView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  CompleteRightsRequestDto,
  ExtendRightsRequestDto,
  RecordRightsRequestDto,
  RightsRequestQueryDto,
} from './rights.dto';

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
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'Record a data-subject rights request; due one calendar month after receipt (P21, P22)' })
  record(@RequestCtx() ctx: MessageContext, @Body() body: RecordRightsRequestDto): Promise<RightsRequestView> {
    return this.bus.request(RECORD_RIGHTS_REQUEST, ctx, body);
  }

  @Get('api/v1/rights-requests')
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'The rights register, newest first; overdue=true for open requests past their due date' })
  list(@RequestCtx() ctx: MessageContext, @Query() query: RightsRequestQueryDto): Promise<RightsRequestPage> {
    return this.bus.request(LIST_RIGHTS_REQUESTS, ctx, {
      limit: query.limit,
      cursor: query.cursor,
      status: query.status,
      overdue: query.overdue,
    });
  }

  @Get('api/v1/rights-requests/:requestId')
  @RequirePermissions('rights:manage')
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('requestId', UuidParamPipe) requestId: string,
  ): Promise<RightsRequestView> {
    return this.bus.request(GET_RIGHTS_REQUEST, ctx, { requestId });
  }

  @Post('api/v1/rights-requests/:requestId/extension')
  @HttpCode(200)
  @RequirePermissions('rights:manage')
  @ApiOperation({ summary: 'Extend by one or two months with a reason: once, on or before the original due date' })
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
}
