import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CREATE_INVOICE_DRAFT,
  DELETE_INVOICE_DRAFT,
  GET_INVOICE,
  GET_INVOICE_PDF,
  InvoiceRef,
  InvoiceView,
  ISSUE_INVOICE,
  LIST_INVOICES,
  MessageContext,
  VOID_INVOICE,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { pdfReply } from '../http/pdf-reply';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateInvoiceDraftDto, InvoicesQueryDto, VoidInvoiceDto } from './invoices.dto';
import { ApiFile, ApiNoContent, ApiReply } from '../openapi/api-reply.decorator';

/**
 * Schools' invoices: platform finance drafts a term year's invoice (no number yet), issues
 * it (the next number of the school's series), voids it while nothing is paid or credited;
 * a school's administrators read their own.
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingInvoicesController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/schools/:schoolId/invoices')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "Draft the invoice of a term year of the school's subscription (no number until issued)" })
  @ApiReply(CREATE_INVOICE_DRAFT, 201)
  create(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Body() body: CreateInvoiceDraftDto,
  ): Promise<InvoiceView> {
    return this.bus.request(CREATE_INVOICE_DRAFT, ctx, { ...body, schoolId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/invoices')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "The school's invoices, latest term year first" })
  @ApiReply(LIST_INVOICES)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Query() query: InvoicesQueryDto,
  ): Promise<{ items: InvoiceView[] }> {
    return this.bus.request(LIST_INVOICES, ctx, { schoolId, ...(query.status ? { status: query.status } : {}) });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: 'An invoice with every figure HMRC requires on a full VAT invoice' })
  @ApiReply(GET_INVOICE)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
  ): Promise<InvoiceView> {
    return this.bus.request(GET_INVOICE, ctx, { schoolId, invoiceId });
  }

  @Post('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId/issue')
  @HttpCode(200)
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "Issue a draft: the next number of the school's series, the date of issue and tax point" })
  @ApiReply(ISSUE_INVOICE)
  issue(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
  ): Promise<InvoiceView> {
    return this.bus.request(ISSUE_INVOICE, ctx, { schoolId, invoiceId });
  }

  @Post('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId/void')
  @HttpCode(200)
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: 'Void an issued invoice with nothing paid or credited; its number stays taken' })
  @ApiReply(VOID_INVOICE)
  void(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
    @Body() body: VoidInvoiceDto,
  ): Promise<InvoiceView> {
    return this.bus.request(VOID_INVOICE, ctx, { schoolId, invoiceId, reason: body.reason });
  }

  @Delete('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId')
  @HttpCode(204)
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: 'Delete a draft (it has no number yet)' })
  @ApiNoContent()
  async deleteDraft(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
  ): Promise<void> {
    await this.bus.request(DELETE_INVOICE_DRAFT, ctx, { schoolId, invoiceId });
  }

  @Get('api/v1/billing/invoices')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own invoices" })
  @ApiReply(LIST_INVOICES)
  own(@RequestCtx() ctx: MessageContext, @Query() query: InvoicesQueryDto): Promise<{ items: InvoiceView[] }> {
    return this.bus.request(LIST_INVOICES, ctx, {
      schoolId: ctx.tenantId ?? '',
      ...(query.status ? { status: query.status } : {}),
    });
  }

  @Get('api/v1/billing/invoices/:invoiceId')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "One of the signed-in school's own invoices" })
  @ApiReply(GET_INVOICE)
  ownOne(
    @RequestCtx() ctx: MessageContext,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
  ): Promise<InvoiceView> {
    return this.bus.request(GET_INVOICE, ctx, { schoolId: ctx.tenantId ?? '', invoiceId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId/pdf')
  @RequirePermissions('billing:invoices')
  @ApiProduces('application/pdf')
  @ApiFile('application/pdf')
  @ApiOperation({ summary: 'The invoice as a PDF, from the same figures as the JSON' })
  pdf(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.sendPdf(ctx, { schoolId, invoiceId }, reply);
  }

  @Get('api/v1/billing/invoices/:invoiceId/pdf')
  @RequirePermissions('school:manage')
  @ApiProduces('application/pdf')
  @ApiFile('application/pdf')
  @ApiOperation({ summary: "One of the signed-in school's own invoices as a PDF" })
  ownPdf(
    @RequestCtx() ctx: MessageContext,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return this.sendPdf(ctx, { schoolId: ctx.tenantId ?? '', invoiceId }, reply);
  }

  private async sendPdf(ctx: MessageContext, ref: InvoiceRef, reply: FastifyReply): Promise<Buffer> {
    return pdfReply(await this.bus.request(GET_INVOICE_PDF, ctx, ref), reply);
  }
}
