import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { AnnualInvoiceRunService } from './annual-invoice-run.service';
import { InvoiceRunsController } from './invoice-runs.controller';

/** The annual invoice run: every subscription's term year invoiced once, restartable. */
@Module({
  imports: [InvoicesModule],
  controllers: [InvoiceRunsController],
  providers: [AnnualInvoiceRunService],
})
export class InvoiceRunsModule {}
