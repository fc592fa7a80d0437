import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import {
  CREATE_CREDIT_NOTE,
  CreditNoteRef,
  CreditNoteView,
  GET_CREDIT_NOTE,
  GET_CREDIT_NOTE_PDF,
  LIST_CREDIT_NOTES,
  MessageContext,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { pdfReply } from '../http/pdf-reply';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { CreateCreditNoteDto, CreditNotesQueryDto } from './credit-notes.dto';
import { ApiFile, ApiReply } from '../openapi/api-reply.decorator';

/**
 * Credit notes: platform finance credits an issued invoice (never more than it invoiced),
 * numbered in the school's own credit-note series; a school's administrators read their own.
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingCreditNotesController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/schools/:schoolId/invoices/:invoiceId/credit-notes')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: 'Credit an issued invoice, in part or whole' })
  @ApiReply(CREATE_CREDIT_NOTE, 201)
  create(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('invoiceId', UuidParamPipe) invoiceId: string,
    @Body() body: CreateCreditNoteDto,
  ): Promise<CreditNoteView> {
    return this.bus.request(CREATE_CREDIT_NOTE, ctx, { ...body, schoolId, invoiceId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/credit-notes')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: "The school's credit notes, in number order" })
  @ApiReply(LIST_CREDIT_NOTES)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Query() query: CreditNotesQueryDto,
  ): Promise<{ items: CreditNoteView[] }> {
    return this.bus.request(LIST_CREDIT_NOTES, ctx, {
      schoolId,
      ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
    });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/credit-notes/:creditNoteId')
  @RequirePermissions('billing:invoices')
  @ApiOperation({ summary: 'A credit note' })
  @ApiReply(GET_CREDIT_NOTE)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('creditNoteId', UuidParamPipe) creditNoteId: string,
  ): Promise<CreditNoteView> {
    return this.bus.request(GET_CREDIT_NOTE, ctx, { schoolId, creditNoteId });
  }

  @Get('api/v1/billing/credit-notes')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "The signed-in school's own credit notes" })
  @ApiReply(LIST_CREDIT_NOTES)
  own(@RequestCtx() ctx: MessageContext, @Query() query: CreditNotesQueryDto): Promise<{ items: CreditNoteView[] }> {
    return this.bus.request(LIST_CREDIT_NOTES, ctx, {
      schoolId: ctx.tenantId ?? '',
      ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
    });
  }

  @Get('api/v1/billing/credit-notes/:creditNoteId')
  @RequirePermissions('school:manage')
  @ApiOperation({ summary: "One of the signed-in school's own credit notes" })
  @ApiReply(GET_CREDIT_NOTE)
  ownOne(
    @RequestCtx() ctx: MessageContext,
    @Param('creditNoteId', UuidParamPipe) creditNoteId: string,
  ): Promise<CreditNoteView> {
    return this.bus.request(GET_CREDIT_NOTE, ctx, { schoolId: ctx.tenantId ?? '', creditNoteId });
  }

  @Get('api/v1/platform/billing/schools/:schoolId/credit-notes/:creditNoteId/pdf')
  @RequirePermissions('billing:invoices')
  @ApiProduces('application/pdf')
  @ApiFile('application/pdf')
  @ApiOperation({ summary: 'The credit note as a PDF, from the same figures as the JSON' })
  async pdf(
    @RequestCtx() ctx: MessageContext,
    @Param('schoolId', UuidParamPipe) schoolId: string,
    @Param('creditNoteId', UuidParamPipe) creditNoteId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    return pdfReply(await this.bus.request(GET_CREDIT_NOTE_PDF, ctx, { schoolId, creditNoteId }), reply);
  }

  @Get('api/v1/billing/credit-notes/:creditNoteId/pdf')
  @RequirePermissions('school:manage')
  @ApiProduces('application/pdf')
  @ApiFile('application/pdf')
  @ApiOperation({ summary: "One of the signed-in school's own credit notes as a PDF" })
  async ownPdf(
    @RequestCtx() ctx: MessageContext,
    @Param('creditNoteId', UuidParamPipe) creditNoteId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const ref: CreditNoteRef = { schoolId: ctx.tenantId ?? '', creditNoteId };
    return pdfReply(await this.bus.request(GET_CREDIT_NOTE_PDF, ctx, ref), reply);
  }
}
