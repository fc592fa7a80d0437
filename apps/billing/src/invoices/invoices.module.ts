import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

/** Schools' invoices: drafts snapshotting every figure, issued with gap-free numbers of the school's series, voided. */
@Module({
  imports: [PlansModule],
  controllers: [InvoicesController],
  providers: [InvoicesService],
  exports: [InvoicesService],
})
export class InvoicesModule {}
