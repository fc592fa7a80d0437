import { Module } from '@nestjs/common';
import { AgedDebtService } from './aged-debt.service';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { StatementService } from './statement.service';

/** Payments received from schools, allocated to their invoices; the rest is account credit. */
@Module({
  controllers: [PaymentsController],
  providers: [PaymentsService, AgedDebtService, StatementService],
  exports: [PaymentsService],
})
export class PaymentsModule {}
