import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { InvoiceFinancePageRepository } from '../invoices/invoice-finance-page.repository';
import { FinanceApiController } from './finance-api.controller';
import { FinanceApiService } from './finance-api.service';

/** The finance API (P28): every school's invoices, credit notes, payments and subscriptions for finance systems, and the payments, refunds and uses of credit they record. */
@Module({
  imports: [PaymentsModule, RefundsModule],
  controllers: [FinanceApiController],
  providers: [FinanceApiService, InvoiceFinancePageRepository],
})
export class FinanceApiModule {}
