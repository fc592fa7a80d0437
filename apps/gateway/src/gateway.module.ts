import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { PLATFORM_LOGGER, PlatformModule } from '@pt/platform';
import { Logger } from 'pino';
import { AccessTokenGuard } from './auth/access-token.guard';
import { AuditController } from './audit/audit.controller';
import { AuditRetentionController } from './audit-retention/audit-retention.controller';
import { AuthController } from './auth/auth.controller';
import { BreachesController } from './breaches/breaches.controller';
import { NoticesController } from './notices/notices.controller';
import { JwtStrategy } from './auth/jwt.strategy';
import { PermissionsGuard } from './auth/permissions.guard';
import { RevokedSessions } from './auth/revoked-sessions';
import { SigningKeyCache } from './auth/signing-key-cache';
import { GatewayConfig } from './gateway.config';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { LogContextInterceptor } from './http/log-context.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { MetricsController } from './metrics/metrics.controller';
import { PendingPolicies } from './policies/pending-policies';
import { PoliciesController } from './policies/policies.controller';
import { PolicyGate } from './policies/policy-gate.guard';
import { SchoolsController } from './schools/schools.controller';
import { SupportGrantsController } from './support/support-grants.controller';
import { MarketingController } from './me/marketing.controller';
import { RolesController } from './roles/roles.controller';
import { RightsController } from './rights/rights.controller';
import { PasswordLinksController } from './users/password-links.controller';
import { PlatformUsersController } from './users/platform-users.controller';
import { UsersController } from './users/users.controller';

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
        NoticesController,
        AuditRetentionController,
        RightsController,
      ],
      providers: [
        ReadinessService,
        SigningKeyCache,
        RevokedSessions,
        JwtStrategy,
        PendingPolicies,
        // In order: who you are, whether you have accepted the current policies (P7), what you may do.
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        { provide: APP_GUARD, useClass: PolicyGate },
        { provide: APP_GUARD, useClass: PermissionsGuard },
        { provide: APP_FILTER, inject: [PLATFORM_LOGGER], useFactory: (log: Logger) => new ProblemFilter(log) },
        { provide: APP_INTERCEPTOR, useClass: LogContextInterceptor },
      ],
    };
  }
}
