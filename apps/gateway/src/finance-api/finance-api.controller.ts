import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreditApplicationView,
  FINANCE_APPLY_CREDIT,
  FINANCE_RECORD_REFUND,
  RefundView,
  FINANCE_RECORD_PAYMENT,
  PaymentView,
  FINANCE_EXPORT,
  FINANCE_LIST_CREDIT_NOTES,
  FINANCE_LIST_GRACE_CHARGES,
  FINANCE_LIST_INVOICES,
  FINANCE_LIST_PAYMENTS,
  FINANCE_LIST_SUBSCRIPTIONS,
  FinanceCreditNotePage,
  FinanceGraceChargePage,
  FinanceInvoicePage,
  FinancePaymentPage,
  FinanceSubscriptionPage,
  MessageContext,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { FastifyReply } from 'fastify';
import { ApiFile, ApiProblems, ApiReply } from '../openapi/api-reply.decorator';
import { FinanceExportParamsDto, FinanceExportQueryDto } from './finance-export.dto';
import { RecordPaymentDto } from '../billing-payments/payments.dto';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { FinancePageQueryDto } from './finance-page.dto';
import { ApplyCreditDto, RecordRefundDto } from './refunds.dto';

/**
 * The finance API (P28), for finance systems holding an API key (`Authorization: Bearer
 * ptfin_…`): each route declares the scope a key needs, and keys reach no other route.
 * Every answer carries RateLimit-Policy and RateLimit; over the rate, 429 with Retry-After.
 */
@ApiTags('finance API')
@ApiBearerAuth()
@Controller()
export class FinanceApiController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/finance/invoices')
  @RequirePermissions('invoices:read')
  @ApiOperation({ summary: "Every school's issued, paid and void invoices, in the order they last changed" })
  @ApiReply(FINANCE_LIST_INVOICES)
  @ApiProblems(429)
  invoices(@RequestCtx() ctx: MessageContext, @Query() query: FinancePageQueryDto): Promise<FinanceInvoicePage> {
    return this.bus.request(FINANCE_LIST_INVOICES, ctx, query.toRequest());
  }

  @Get('api/v1/finance/credit-notes')
  @RequirePermissions('invoices:read')
  @ApiOperation({ summary: "Every school's credit notes, in the order they were issued" })
  @ApiReply(FINANCE_LIST_CREDIT_NOTES)
  @ApiProblems(429)
  creditNotes(@RequestCtx() ctx: MessageContext, @Query() query: FinancePageQueryDto): Promise<FinanceCreditNotePage> {
    return this.bus.request(FINANCE_LIST_CREDIT_NOTES, ctx, query.toRequest());
  }

  @Get('api/v1/finance/payments')
  @RequirePermissions('payments:read')
  @ApiOperation({ summary: "Every school's payments with their allocations, in the order they were recorded" })
  @ApiReply(FINANCE_LIST_PAYMENTS)
  @ApiProblems(429)
  payments(@RequestCtx() ctx: MessageContext, @Query() query: FinancePageQueryDto): Promise<FinancePaymentPage> {
    return this.bus.request(FINANCE_LIST_PAYMENTS, ctx, query.toRequest());
  }

  @Get('api/v1/finance/subscriptions')
  @RequirePermissions('invoices:read')
  @ApiOperation({
    summary: "Every school's subscription (term, legal entity billed, PO), in the order they last changed",
  })
  @ApiReply(FINANCE_LIST_SUBSCRIPTIONS)
  @ApiProblems(429)
  subscriptions(
    @RequestCtx() ctx: MessageContext,
    @Query() query: FinancePageQueryDto,
  ): Promise<FinanceSubscriptionPage> {
    return this.bus.request(FINANCE_LIST_SUBSCRIPTIONS, ctx, query.toRequest());
  }

  @Get('api/v1/finance/grace-charges')
  @RequirePermissions('invoices:read')
  @ApiOperation({
    summary:
      "Every school's grace charges (each access to pupil data in grace, owed at once), in the order they were charged",
  })
  @ApiReply(FINANCE_LIST_GRACE_CHARGES)
  @ApiProblems(429)
  graceCharges(
    @RequestCtx() ctx: MessageContext,
    @Query() query: FinancePageQueryDto,
  ): Promise<FinanceGraceChargePage> {
    return this.bus.request(FINANCE_LIST_GRACE_CHARGES, ctx, query.toRequest());
  }

  @Get('api/v1/finance/exports/:layout')
  @RequirePermissions('invoices:read')
  @ApiOperation({
    summary:
      "Every school's invoices issued in the period as a CSV that Xero, QuickBooks Online or Sage 50 (audit trail, with credit notes) imports; at most 500 documents",
  })
  @ApiFile('text/csv')
  @ApiProblems(429)
  async exportFile(
    @RequestCtx() ctx: MessageContext,
    @Param() params: FinanceExportParamsDto,
    @Query() query: FinanceExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const file = await this.bus.request(FINANCE_EXPORT, ctx, { ...query, layout: params.layout });
    void reply.header('Content-Type', 'text/csv; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return file.content;
  }

  @Post('api/v1/finance/schools/:schoolId/payments')
  @RequirePermissions('payments:write')
  @ApiOperation({
    summary:
      'Record a payment a finance system received and allocate it (the invoice named, or oldest due first; the rest account credit); send an Idempotency-Key',
  })
  @ApiReply(FINANCE_RECORD_PAYMENT, 201)
  @ApiProblems(429)
  recordPayment(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: RecordPaymentDto,
  ): Promise<PaymentView> {
    return this.bus.request(FINANCE_RECORD_PAYMENT, ctx, { ...body, schoolId });
  }

  @Post('api/v1/finance/schools/:schoolId/refunds')
  @RequirePermissions('payments:write')
  @ApiOperation({
    summary:
      "Record money paid back to a school out of its account credit (a credit note's part owed to it, when named): never more than the credit holds or than was paid on the credit note's invoice; send an Idempotency-Key",
  })
  @ApiReply(FINANCE_RECORD_REFUND, 201)
  @ApiProblems(429)
  recordRefund(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: RecordRefundDto,
  ): Promise<RefundView> {
    return this.bus.request(FINANCE_RECORD_REFUND, ctx, { ...body, schoolId });
  }

  @Post('api/v1/finance/schools/:schoolId/credit-applications')
  @RequirePermissions('payments:write')
  @ApiOperation({
    summary:
      "Use a school's account credit (a credit note's part owed to it, when named) to pay another of its invoices, never more than it owes; send an Idempotency-Key",
  })
  @ApiReply(FINANCE_APPLY_CREDIT, 201)
  @ApiProblems(429)
  applyCredit(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: ApplyCreditDto,
  ): Promise<CreditApplicationView> {
    return this.bus.request(FINANCE_APPLY_CREDIT, ctx, { ...body, schoolId });
  }
}
