import { Injectable } from '@nestjs/common';
import {
  CREDIT_NOTE_ISSUED,
  CREDIT_NOTE_REASONS,
  CreateCreditNoteRequest,
  CreditNoteRef,
  CreditNoteView,
  InvoicePdf,
  MessageContext,
} from '@pt/contracts';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, stageEvent, uuid7 } from '@pt/platform';
import { documentNumber } from '../invoices/invoice-figures';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { amountDueOf } from '../invoices/invoices.service';
import { DocumentSeriesRepository } from '../numbering/document-series.repository';
import { creditFor, settle } from './credit-note-figures';
import { creditNotePdf } from './credit-note-pdf';
import { CreditNote } from './credit-note.entity';
import { CreditNoteRepository } from './credit-note.repository';

type Problem = { field: string; message: string };

/**
 * Credit notes against issued invoices: numbered at once in the school's credit-note
 * series, in the transaction that locks the invoice, so two credits at once cannot together
 * credit more than was invoiced.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(ctx: MessageContext, request: CreateCreditNoteRequest): Promise<CreditNoteView> {
    checkRequest(request);
    const schoolId = schoolOf(ctx, request.schoolId, () =>
      BusException.notFound('invoice.not_found', 'The invoice does not exist'),
    );
    return this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const invoice = await new InvoiceRepository(em).findForUpdate(request.invoiceId);
      if (!invoice) throw BusException.notFound('invoice.not_found', 'The invoice does not exist');
      if (invoice.status === 'draft' || invoice.status === 'void' || !invoice.number || !invoice.issuedOn) {
        throw BusException.conflict(
          'credit_note.invoice_not_issued',
          `Only an issued invoice can be credited; this invoice is ${invoice.status}`,
        );
      }
      const creditNotes = new CreditNoteRepository(em);
      const credited = await creditNotes.creditedOn(invoice.id);
      const outcome = creditFor(invoice.snapshot, credited, request.netPence);
      if (!outcome.ok) {
        if (outcome.problem === 'several_rates') {
          throw BusException.validation([
            { field: 'netPence', message: 'an invoice with several VAT rates can only be credited whole' },
          ]);
        }
        throw BusException.conflict(
          'credit_note.exceeds_invoice',
          `netPence: at most ${invoice.snapshot.netPence - credited.netPence} pence net is left to credit on this invoice`,
          { field: 'netPence' },
        );
      }
      const split = settle(outcome.grossPence, amountDueOf(invoice));
      const now = this.clock.now();
      const issuedOn = now.toISOString().slice(0, 10);
      const sequenceNumber = await new DocumentSeriesRepository(em).next(schoolId, 'credit_note');
      const snapshot = {
        supplier: invoice.snapshot.supplier,
        customer: invoice.snapshot.customer,
        invoice: { id: invoice.id, number: invoice.number, issuedOn: invoice.issuedOn },
        reason: request.reason,
        lines: [
          {
            description:
              request.description?.trim() ||
              `Credit against invoice ${invoice.number}: ${invoice.snapshot.lines[0].description}`,
            vatRateBasisPoints: outcome.vatRateBasisPoints,
            netPence: outcome.netPence,
          },
        ],
        vat: [
          { vatRateBasisPoints: outcome.vatRateBasisPoints, netPence: outcome.netPence, vatPence: outcome.vatPence },
        ],
        netPence: outcome.netPence,
        vatPence: outcome.vatPence,
        grossPence: outcome.grossPence,
      };
      const creditNote = Object.assign(new CreditNote(), {
        id: uuid7(),
        tenantId: schoolId,
        invoiceId: invoice.id,
        sequenceNumber,
        number: documentNumber('CN', invoice.snapshot.customer.accountNumber, sequenceNumber),
        issuedOn,
        snapshot,
        netPence: outcome.netPence,
        vatPence: outcome.vatPence,
        grossPence: outcome.grossPence,
        ...split,
        createdAt: now,
      });
      creditNotes.add(creditNote);
      Object.assign(invoice, { creditedPence: invoice.creditedPence + outcome.grossPence, updatedAt: now });
      stageEvent(em, CREDIT_NOTE_ISSUED, ctx, { creditNoteId: creditNote.id, invoiceId: invoice.id });
      return viewOf(creditNote);
    });
  }

  async get(ctx: MessageContext, ref: CreditNoteRef): Promise<CreditNoteView> {
    const notFound = () => BusException.notFound('credit_note.not_found', 'The credit note does not exist');
    const schoolId = schoolOf(ctx, ref.schoolId, notFound);
    const creditNote = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new CreditNoteRepository(em).find(ref.creditNoteId),
    );
    if (!creditNote) throw notFound();
    return viewOf(creditNote);
  }

  /** The PDF of exactly what `get` answers. */
  async pdf(ctx: MessageContext, ref: CreditNoteRef): Promise<InvoicePdf> {
    const creditNote = await this.get(ctx, ref);
    return {
      fileName: `${creditNote.number}.pdf`,
      contentType: 'application/pdf',
      contentBase64: creditNotePdf(creditNote).toString('base64'),
    };
  }

  async list(
    ctx: MessageContext,
    request: { schoolId: string; invoiceId?: string },
  ): Promise<{ items: CreditNoteView[] }> {
    const schoolId = schoolOf(ctx, request.schoolId, () =>
      BusException.notFound('credit_note.not_found', 'The credit note does not exist'),
    );
    const items = await this.unitOfWork.run(tenantScope(schoolId), (em) =>
      new CreditNoteRepository(em).list(schoolId, request.invoiceId),
    );
    return { items: items.map(viewOf) };
  }
}

/** Platform staff name the school; a school's own staff see only their school. */
function schoolOf(ctx: MessageContext, schoolId: string, notFound: () => BusException): string {
  if (ctx.tenantId && ctx.tenantId !== schoolId) throw notFound();
  return schoolId;
}

function checkRequest(request: CreateCreditNoteRequest): void {
  const problems: Problem[] = [];
  if (!CREDIT_NOTE_REASONS.includes(request.reason)) {
    problems.push({ field: 'reason', message: `must be one of ${CREDIT_NOTE_REASONS.join(', ')}` });
  }
  if (
    request.description !== undefined &&
    (typeof request.description !== 'string' || !request.description.trim() || request.description.length > 500)
  ) {
    problems.push({ field: 'description', message: 'must be text of 1 to 500 characters' });
  }
  if (request.netPence !== undefined && (!Number.isSafeInteger(request.netPence) || request.netPence < 1)) {
    problems.push({ field: 'netPence', message: 'must be a whole number of pence above 0' });
  }
  if (problems.length) throw BusException.validation(problems);
}

export function viewOf(creditNote: CreditNote): CreditNoteView {
  return {
    ...creditNote.snapshot,
    id: creditNote.id,
    schoolId: creditNote.tenantId,
    invoiceId: creditNote.invoiceId,
    number: creditNote.number,
    sequenceNumber: creditNote.sequenceNumber,
    issuedOn: creditNote.issuedOn,
    appliedToInvoicePence: creditNote.appliedToInvoicePence,
    owedToSchoolPence: creditNote.owedToSchoolPence,
    createdAt: creditNote.createdAt.toISOString(),
  };
}
