import { Controller } from '@nestjs/common';
import {
  CREATE_INVOICE_DRAFT,
  CreateInvoiceDraftRequest,
  DELETE_INVOICE_DRAFT,
  GET_INVOICE,
  GET_INVOICE_PDF,
  InvoicePdf,
  InvoiceRef,
  InvoiceView,
  ISSUE_INVOICE,
  LIST_INVOICES,
  ListInvoicesRequest,
  MessageContext,
  VOID_INVOICE,
  VoidInvoiceRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { InvoicesService } from './invoices.service';

/** Schools' invoices, made and issued by platform staff who hold billing:invoices; a school's administrators read their own. */
@Controller()
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Handles(CREATE_INVOICE_DRAFT)
  @Access(Allow.platform('billing:invoices'))
  createDraft(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateInvoiceDraftRequest): Promise<InvoiceView> {
    return this.invoices.createDraft(ctx, data);
  }

  @Handles(ISSUE_INVOICE)
  @Access(Allow.platform('billing:invoices'))
  issue(@MsgCtx() ctx: MessageContext, @MsgData() data: InvoiceRef): Promise<InvoiceView> {
    return this.invoices.issue(ctx, data);
  }

  @Handles(VOID_INVOICE)
  @Access(Allow.platform('billing:invoices'))
  void(@MsgCtx() ctx: MessageContext, @MsgData() data: VoidInvoiceRequest): Promise<InvoiceView> {
    return this.invoices.void(ctx, data);
  }

  @Handles(DELETE_INVOICE_DRAFT)
  @Access(Allow.platform('billing:invoices'))
  deleteDraft(@MsgCtx() ctx: MessageContext, @MsgData() data: InvoiceRef): Promise<{ deleted: true }> {
    return this.invoices.deleteDraft(ctx, data);
  }

  @Handles(GET_INVOICE)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: InvoiceRef): Promise<InvoiceView> {
    return this.invoices.get(ctx, data);
  }

  @Handles(LIST_INVOICES)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: ListInvoicesRequest): Promise<{ items: InvoiceView[] }> {
    return this.invoices.list(ctx, data);
  }

  @Handles(GET_INVOICE_PDF)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  pdf(@MsgCtx() ctx: MessageContext, @MsgData() data: InvoiceRef): Promise<InvoicePdf> {
    return this.invoices.pdf(ctx, data);
  }
}
