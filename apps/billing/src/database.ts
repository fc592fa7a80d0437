import { MIGRATIONS } from './migrations';
import { BillingCustomer } from './customers/billing-customer.entity';
import { SchoolRoll } from './customers/school-roll.entity';
import { Plan, PlanPriceVersion } from './plans/plan.entity';
import { CreditNote } from './credit-notes/credit-note.entity';
import { Invoice } from './invoices/invoice.entity';
import { DocumentSeries } from './numbering/document-series.entity';
import { Payment, PaymentAllocation } from './payments/payment.entity';
import { CreditApplication, Refund } from './refunds/refund.entity';
import { Subscription } from './subscriptions/subscription.entity';
import { GraceCharge } from './lifecycle/grace-charge.entity';
import { LifecycleNotice } from './lifecycle/lifecycle-notice.entity';
import { SchoolPurge, SchoolPurgeConfirmation } from './lifecycle/school-purge.entity';
import { WebhookEndpoint, WebhookSecret } from './webhooks/webhook-endpoint.entity';
import { WebhookAttempt, WebhookDelivery, WebhookMessage } from './webhooks/webhook-message.entity';

/** The billing service's tables (besides the outbox and inbox every service has) and migrations. */
export const BILLING_DATABASE = {
  entities: [
    Plan,
    PlanPriceVersion,
    BillingCustomer,
    SchoolRoll,
    Subscription,
    DocumentSeries,
    Invoice,
    CreditNote,
    Payment,
    PaymentAllocation,
    Refund,
    CreditApplication,
    SchoolPurge,
    SchoolPurgeConfirmation,
    GraceCharge,
    LifecycleNotice,
    WebhookEndpoint,
    WebhookSecret,
    WebhookMessage,
    WebhookDelivery,
    WebhookAttempt,
  ],
  migrations: MIGRATIONS,
  migrationsPathTs: 'apps/billing/src/migrations',
};
