import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { SubjectExportController } from './subject-export/subject-export.controller';
import { BillingConfig } from './billing.config';
import { BILLING_DATABASE } from './database';
import { CreditNotesModule } from './credit-notes/credit-notes.module';
import { CustomersModule } from './customers/customers.module';
import { FinanceApiModule } from './finance-api/finance-api.module';
import { InvoiceRunsModule } from './invoice-runs/invoice-runs.module';
import { InvoicesModule } from './invoices/invoices.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { PaymentsModule } from './payments/payments.module';
import { PlansModule } from './plans/plans.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The billing service: plans, subscriptions, invoices, payments, finance API keys and webhooks, and the expiry, grace and purge lifecycle. */
@Module({})
export class BillingModule {
  static register(config: BillingConfig, logger: Logger): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        ...dataServiceFoundation({ service: 'billing', config, logger, ...BILLING_DATABASE }),
        PlansModule,
        CustomersModule,
        SubscriptionsModule,
        InvoicesModule,
        CreditNotesModule,
        InvoiceRunsModule,
        PaymentsModule,
        FinanceApiModule,
        LifecycleModule,
        WebhooksModule,
      ],
      controllers: [SubjectExportController],
    };
  }
}
