import { Controller } from '@nestjs/common';
import { InvoiceRunRequest, InvoiceRunView, MessageContext, RUN_ANNUAL_INVOICES } from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { AnnualInvoiceRunService } from './annual-invoice-run.service';

/** The annual invoice run on demand, for platform staff who hold billing:invoices (it also runs on its timer). */
@Controller()
export class InvoiceRunsController {
  constructor(private readonly runs: AnnualInvoiceRunService) {}

  @Handles(RUN_ANNUAL_INVOICES)
  @Access(Allow.platform('billing:invoices'))
  run(@MsgCtx() ctx: MessageContext, @MsgData() data: InvoiceRunRequest): Promise<InvoiceRunView> {
    return this.runs.run(ctx, data);
  }
}
