import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADD_PRICE_VERSION,
  CREATE_PLAN,
  GET_PLAN,
  LIST_PLANS,
  MessageContext,
  PlanSummary,
  PlanView,
  QUOTE_PLAN,
  QuoteView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreatePlanDto, PlansQueryDto, PriceTermsDto, QuoteQueryDto } from './plans.dto';
import { ApiProblems, ApiReply } from '../openapi/api-reply.decorator';

/**
 * The platform's price list: plans with immutable price versions (a yearly base fee plus a
 * per-pupil price, in pence, with a VAT rate), and a quote for a roll on a day.
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingPlansController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/plans')
  @RequirePermissions('billing:plans')
  @ApiOperation({ summary: 'Create a plan with its first price version' })
  @ApiReply(CREATE_PLAN, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreatePlanDto): Promise<PlanView> {
    return this.bus.request(CREATE_PLAN, ctx, body);
  }

  @Get('api/v1/platform/billing/plans')
  @RequirePermissions('billing:plans')
  @ApiOperation({ summary: 'Every plan with the price in force today (or on the day asked)' })
  @ApiReply(LIST_PLANS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: PlansQueryDto): Promise<{ items: PlanSummary[] }> {
    return this.bus.request(LIST_PLANS, ctx, query.on ? { on: query.on } : {});
  }

  @Get('api/v1/platform/billing/plans/:planId')
  @RequirePermissions('billing:plans')
  @ApiOperation({ summary: 'A plan with every price version' })
  @ApiReply(GET_PLAN)
  get(@RequestCtx() ctx: MessageContext, @Param('planId', UuidParamPipe) planId: string): Promise<PlanView> {
    return this.bus.request(GET_PLAN, ctx, { planId });
  }

  @Post('api/v1/platform/billing/plans/:planId/prices')
  @RequirePermissions('billing:plans')
  @ApiOperation({ summary: 'Add a price version from its effective date; earlier versions never change' })
  @ApiReply(ADD_PRICE_VERSION, 201)
  addVersion(
    @RequestCtx() ctx: MessageContext,
    @Param('planId', UuidParamPipe) planId: string,
    @Body() body: PriceTermsDto,
  ): Promise<PlanView> {
    return this.bus.request(ADD_PRICE_VERSION, ctx, { planId, ...body });
  }

  @Get('api/v1/platform/billing/plans/:planId/quote')
  @ApiProblems(409)
  @RequirePermissions('billing:plans')
  @ApiOperation({ summary: "A year's price for a roll on a day: base, per pupil, net, VAT and gross in pence" })
  @ApiReply(QUOTE_PLAN)
  quote(
    @RequestCtx() ctx: MessageContext,
    @Param('planId', UuidParamPipe) planId: string,
    @Query() query: QuoteQueryDto,
  ): Promise<QuoteView> {
    return this.bus.request(QUOTE_PLAN, ctx, { planId, pupils: query.pupils, ...(query.on ? { on: query.on } : {}) });
  }
}
