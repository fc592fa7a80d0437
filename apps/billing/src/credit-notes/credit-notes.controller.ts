import { Controller } from '@nestjs/common';
import {
  CREATE_CREDIT_NOTE,
  CreateCreditNoteRequest,
  CreditNoteRef,
  CreditNoteView,
  GET_CREDIT_NOTE,
  GET_CREDIT_NOTE_PDF,
  InvoicePdf,
  LIST_CREDIT_NOTES,
  MessageContext,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { CreditNotesService } from './credit-notes.service';

/** Credit notes, issued by platform staff who hold billing:invoices; a school's administrators read their own. */
@Controller()
export class CreditNotesController {
  constructor(private readonly creditNotes: CreditNotesService) {}

  @Handles(CREATE_CREDIT_NOTE)
  @Access(Allow.platform('billing:invoices'))
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateCreditNoteRequest): Promise<CreditNoteView> {
    return this.creditNotes.create(ctx, data);
  }

  @Handles(GET_CREDIT_NOTE)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: CreditNoteRef): Promise<CreditNoteView> {
    return this.creditNotes.get(ctx, data);
  }

  @Handles(LIST_CREDIT_NOTES)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  list(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { schoolId: string; invoiceId?: string },
  ): Promise<{ items: CreditNoteView[] }> {
    return this.creditNotes.list(ctx, data);
  }

  @Handles(GET_CREDIT_NOTE_PDF)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  pdf(@MsgCtx() ctx: MessageContext, @MsgData() data: CreditNoteRef): Promise<InvoicePdf> {
    return this.creditNotes.pdf(ctx, data);
  }
}
