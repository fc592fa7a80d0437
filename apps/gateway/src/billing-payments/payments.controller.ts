import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGED_DEBT_REPORT,
  AgedDebtReport,
  GET_STATEMENT,
  LIST_PAYMENTS,
  MessageContext,
  PaymentView,
  RECORD_PAYMENT,
  StatementView,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { AgedDebtQueryDto, RecordPaymentDto, StatementQueryDto } from './payments.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/** Payments from schools: recorded and allocated by platform finance; a school's administrators read their own. */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingPaymentsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/schools/:schoolId/payments')
  @RequirePermissions('billing:invoices')
  @ApiOperation({
    summary: 'Record a payment and allocate it to the invoice named, or oldest due first; the rest is account credit',
  })
  @ApiReply(RECORD_PAYMENT, 201)
  record(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: RecordPaymentDto,
  ): Promise<PaymentView> {
    return this.bus.request(RECORD_PAYMENT, ctx, { ...body, schoolId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/payments')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "The school's payments, latest first, with their allocations" })
  @ApiReply(LIST_PAYMENTS)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
  ): Promise<{ items: PaymentView[] }> {
    return this.bus.request(LIST_PAYMENTS, ctx, { schoolId });
  }

  @Get('api/v1/billing/payments')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own payments" })
  @ApiReply(LIST_PAYMENTS)
  own(@RequestCtx() ctx: MessageContext): Promise<{ items: PaymentView[] }> {
    return this.bus.request(LIST_PAYMENTS, ctx, { schoolId: ctx.tenantId ?? '' });
  }

  @Get('api/v1/platform/billing/aged-debt')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "Every school's debt by days past due: current, 1-30, 31-60, 61-90, over 90" })
  @ApiReply(AGED_DEBT_REPORT)
  agedDebt(@RequestCtx() ctx: MessageContext, @Query() query: AgedDebtQueryDto): Promise<AgedDebtReport> {
    return this.bus.request(AGED_DEBT_REPORT, ctx, query.on ? { on: query.on } : {});
  }

  @Get('api/v1/platform/billing/schools/:schoolId/statement')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "The school's statement of account: balance brought forward, running balance, ageing" })
  @ApiReply(GET_STATEMENT)
  statement(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Query() query: StatementQueryDto,
  ): Promise<StatementView> {
    return this.bus.request(GET_STATEMENT, ctx, { schoolId, ...query });
  }

  @Get('api/v1/billing/statement')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own statement of account" })
  @ApiReply(GET_STATEMENT)
  ownStatement(@RequestCtx() ctx: MessageContext, @Query() query: StatementQueryDto): Promise<StatementView> {
    return this.bus.request(GET_STATEMENT, ctx, { schoolId: ctx.tenantId ?? '', ...query });
  }
}
