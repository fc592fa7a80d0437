import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GET_PURGE_CERTIFICATE,
  GraceChargePage,
  LIST_GRACE_CHARGES,
  LifecycleRunView,
  MessageContext,
  PurgeCertificateView,
  RUN_LIFECYCLE,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiReply } from '../openapi/api-reply.decorator';

/** The school lifecycle (P25-P27): the run on demand, grace charges and purge certificates. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingLifecycleController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/lifecycle-runs')
  @HttpCode(200)
  @RequirePermissions('billing:invoices')
  @ApiOperation({
    summary:
      "Expire subscriptions past their end date, begin purges that are due and end financial records' retention, at billing's clock (also run on its timer)",
  })
  @ApiReply(RUN_LIFECYCLE)
  run(@RequestCtx() ctx: MessageContext): Promise<LifecycleRunView> {
    return this.bus.request(RUN_LIFECYCLE, ctx, {});
  }

  @Get('api/v1/platform/billing/schools/:schoolId/purge-certificate')
  @RequirePermissions('billing:invoices')
  @ApiOperation({
    summary: "The school's purge: when it was due and began, and each service's confirmation with counts",
  })
  @ApiReply(GET_PURGE_CERTIFICATE)
  certificate(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
  ): Promise<PurgeCertificateView> {
    return this.bus.request(GET_PURGE_CERTIFICATE, ctx, { schoolId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/grace-charges')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "The school's grace-period access charges (P26), each priced when it was made" })
  @ApiReply(LIST_GRACE_CHARGES)
  charges(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
  ): Promise<GraceChargePage> {
    return this.bus.request(LIST_GRACE_CHARGES, ctx, { schoolId });
  }

  @Get('api/v1/billing/grace-charges')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own grace-period access charges" })
  @ApiReply(LIST_GRACE_CHARGES)
  ownCharges(@RequestCtx() ctx: MessageContext): Promise<GraceChargePage> {
    return this.bus.request(LIST_GRACE_CHARGES, ctx, { schoolId: ctx.tenantId ?? '' });
  }
}
