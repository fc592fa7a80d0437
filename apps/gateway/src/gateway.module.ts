import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PLATFORM_LOGGER, PlatformModule } from '@pt/platform';
import { Logger } from 'pino';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AuditController } from './audit/audit.controller';
import { AuditRetentionController } from './audit-retention/audit-retention.controller';
import { AuthController } from './auth/auth.controller';
import { BillingCreditNotesController } from './billing-credit-notes/credit-notes.controller';
import { BillingInvoiceRunsController } from './billing-invoice-runs/invoice-runs.controller';
import { BillingInvoicesController } from './billing-invoices/invoices.controller';
import { BillingPaymentsController } from './billing-payments/payments.controller';
import { BillingPlansController } from './billing-plans/plans.controller';
import { BillingSubscriptionsController } from './billing-subscriptions/subscriptions.controller';
import { BillingWebhooksController } from './billing-webhooks/webhooks.controller';
import { BreachesController } from './breaches/breaches.controller';
import { NoticesController } from './notices/notices.controller';
import { JwtStrategy } from './auth/jwt.strategy';
import { FinanceApiKeyAuthenticator } from './auth/finance-api-key.authenticator';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotentRequests } from './idempotency/idempotent-requests';
import { FinanceApiController } from './finance-api/finance-api.controller';
import { FinanceApiKeysController } from './finance-api-keys/finance-api-keys.controller';
import { PermissionsGuard } from './auth/permissions.guard';
import { RevokedSessions } from './auth/revoked-sessions';
import { SessionOwners } from './auth/session-owners';
import { SigningKeyCache } from './auth/signing-key-cache';
import { GatewayConfig } from './gateway.config';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { LogContextInterceptor } from './http/log-context.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { MetricsController } from './metrics/metrics.controller';
import { PendingPolicies } from './policies/pending-policies';
import { PoliciesController } from './policies/policies.controller';
import { ClassGroupsController } from './pupils/class-groups.controller';
import { PupilRightsController } from './pupils/pupil-rights.controller';
import { PupilsController } from './pupils/pupils.controller';
import { PolicyGate } from './policies/policy-gate.guard';
import { SchoolsController } from './schools/schools.controller';
import { SupportGrantsController } from './support/support-grants.controller';
import { MarketingController } from './me/marketing.controller';
import { RolesController } from './roles/roles.controller';
import { RightsController } from './rights/rights.controller';
import { AssessmentFrameworksController } from './assessment-frameworks/assessment-frameworks.controller';
import { AssessmentResultsController } from './assessment-results/assessment-results.controller';
import { AssessmentTargetsController } from './assessment-targets/assessment-targets.controller';
import { AssessmentParentReportsController } from './assessment-parent-reports/assessment-parent-reports.controller';
import { AssessmentQuestionAnalysisController } from './assessment-question-analysis/assessment-question-analysis.controller';
import { AssessmentSecondaryMeasuresController } from './assessment-secondary-measures/assessment-secondary-measures.controller';
import { AssessmentAnalysisController } from './assessment-analysis/assessment-analysis.controller';
import { PupilImportsController } from './imports/pupil-imports.controller';
import { ConsentsController } from './pupil-care/consents.controller';
import { GuardiansController } from './pupil-care/guardians.controller';
import { PhotoBodyParser } from './pupil-care/photo-body';
import { PhotosController } from './pupil-care/photos.controller';
import { RightsDownloadsController } from './rights/rights-downloads.controller';
import { PasswordLinksController } from './users/password-links.controller';
import { PlatformUsersController } from './users/platform-users.controller';
import { UsersController } from './users/users.controller';
import { MaintenanceCalendar } from './maintenance/maintenance-calendar';
import { MaintenanceGate } from './maintenance/maintenance.gate';
import { BillingLifecycleController } from './billing-lifecycle/billing-lifecycle.controller';
import { GraceGate } from './billing-lifecycle/grace.gate';
import { SchoolsInGrace } from './billing-lifecycle/schools-in-grace';
import { MaintenanceWindowsController } from './maintenance/maintenance-windows.controller';
import { MeNoticesController } from './maintenance/me-notices.controller';
import { ActivityReporter } from './sessions/activity-reporter';
import { SessionActivityInterceptor } from './sessions/session-activity.interceptor';
import { OpsSessionsController, SchoolSessionsController } from './sessions/sessions.controller';

/** The only HTTP entry point: routes, authentication and tenant isolation, then the bus. */
@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forService({ service: 'gateway', config, logger }), PassportModule],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        SchoolsController,
        SupportGrantsController,
        PoliciesController,
        UsersController,
        PlatformUsersController,
        PasswordLinksController,
        RolesController,
        MarketingController,
        AuditController,
        BreachesController,
        BillingPlansController,
        BillingSubscriptionsController,
        BillingInvoicesController,
        BillingCreditNotesController,
        BillingInvoiceRunsController,
        BillingPaymentsController,
        FinanceApiKeysController,
        FinanceApiController,
        BillingWebhooksController,
        NoticesController,
        AuditRetentionController,
        RightsController,
        PupilImportsController,
        GuardiansController,
        ConsentsController,
        PhotosController,
        RightsDownloadsController,
        OpsSessionsController,
        SchoolSessionsController,
        MaintenanceWindowsController,
        MeNoticesController,
        PupilsController,
        PupilRightsController,
        ClassGroupsController,
        AssessmentFrameworksController,
        AssessmentResultsController,
        AssessmentTargetsController,
        AssessmentSecondaryMeasuresController,
        AssessmentQuestionAnalysisController,
        BillingLifecycleController,
        AssessmentAnalysisController,
        AssessmentParentReportsController,
      ],
      providers: [
        ReadinessService,
        PhotoBodyParser,
        SigningKeyCache,
        RevokedSessions,
        SessionOwners,
        JwtStrategy,
        FinanceApiKeyAuthenticator,
        PendingPolicies,
        // In order: who you are, whether you have accepted the current policies (P7), what you may do.
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        // P13: maintenance warnings and refusals, before any other check answers.
        { provide: APP_GUARD, useClass: MaintenanceGate },
        { provide: APP_GUARD, useClass: PolicyGate },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        // P25, P26: a school in grace reads (its permitted reads of pupil data charged) and writes nothing.
        { provide: APP_GUARD, useClass: GraceGate },
        { provide: APP_FILTER, inject: [PLATFORM_LOGGER], useFactory: (log: Logger) => new ProblemFilter(log) },
        { provide: APP_INTERCEPTOR, useClass: LogContextInterceptor },
        { provide: APP_INTERCEPTOR, useClass: SessionActivityInterceptor },
        // After authentication (keys are per caller), before validation (whose 400 frees the key).
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        IdempotentRequests,
        MaintenanceCalendar,
        SchoolsInGrace,
        ActivityReporter,
      ],
    };
  }
}
