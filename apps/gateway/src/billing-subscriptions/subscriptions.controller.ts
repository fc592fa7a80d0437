import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CHANGE_SUBSCRIPTION_PLAN,
  GET_SUBSCRIPTION,
  MessageContext,
  RENEW_SUBSCRIPTION,
  SUBSCRIBE_SCHOOL,
  SubscriptionChangeView,
  SubscriptionView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { ApiProblems, ApiReply } from '../openapi/api-reply.decorator';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ChangeSubscriptionPlanDto, CreateSubscriptionDto, RenewSubscriptionDto } from './subscriptions.dto';

/**
 * Schools' subscriptions: platform finance subscribes a school that has signed its data
 * processing terms and changes its plan mid-term (pro-rata by day); a school's
 * administrators read their own subscription.
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingSubscriptionsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/schools/:schoolId/subscription')
  @RequirePermissions('billing:subscriptions')
  @ApiOperation({ summary: 'Subscribe a school (its data processing terms must be signed)' })
  @ApiReply(SUBSCRIBE_SCHOOL, 201)
  subscribe(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: CreateSubscriptionDto,
  ): Promise<SubscriptionView> {
    return this.bus.request(SUBSCRIBE_SCHOOL, ctx, { ...body, schoolId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/subscription')
  @RequirePermissions('billing:subscriptions')
  @ApiOperation({ summary: "A school's subscription" })
  @ApiReply(GET_SUBSCRIPTION)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
  ): Promise<SubscriptionView> {
    return this.bus.request(GET_SUBSCRIPTION, ctx, { schoolId });
  }

  @Post('api/v1/platform/billing/schools/:schoolId/subscription/plan-changes')
  @RequirePermissions('billing:subscriptions')
  @ApiOperation({ summary: 'Upgrade or downgrade from a day: the credit and charge pro rata by day' })
  @ApiReply(CHANGE_SUBSCRIPTION_PLAN, 201)
  changePlan(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: ChangeSubscriptionPlanDto,
  ): Promise<SubscriptionChangeView> {
    return this.bus.request(CHANGE_SUBSCRIPTION_PLAN, ctx, { ...body, schoolId });
  }

  @Post('api/v1/platform/billing/schools/:schoolId/subscription/renewals')
  @RequirePermissions('billing:subscriptions')
  @ApiOperation({
    summary:
      'Renew for a new term from the day after the current end (charged by day); a school in grace is active again and its purge cancelled; a purged school is refused (409 subscription.purged)',
  })
  @ApiReply(RENEW_SUBSCRIPTION, 201)
  @ApiProblems(404, 409)
  renew(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: RenewSubscriptionDto,
  ): Promise<SubscriptionChangeView> {
    return this.bus.request(RENEW_SUBSCRIPTION, ctx, { ...body, schoolId });
  }

  @Get('api/v1/billing/subscription')
  @ApiProblems(404)
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own subscription" })
  @ApiReply(GET_SUBSCRIPTION)
  own(@RequestCtx() ctx: MessageContext): Promise<SubscriptionView> {
    return this.bus.request(GET_SUBSCRIPTION, ctx, { schoolId: ctx.tenantId ?? '' });
  }
}
