import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { SignInRepository } from './auth/sign-in.repository';
import { PasswordHasher } from './credentials/password-hasher';
import { ConcurrentSessions } from './sessions/concurrent-sessions';
import { CredentialsController } from './credentials/credentials.controller';
import { PasswordChangeService } from './credentials/password-change.service';
import { PasswordPolicyService } from './credentials/password-policy.service';
import { RateLimiter } from './credentials/rate-limiter';
import { SignInThrottle } from './credentials/sign-in-throttle';
import { SessionRevocation } from './sessions/session-revocation';
import { AccessResolver } from './roles/access-resolver';
import { IDENTITY_DATABASE } from './database';
import { IdentityConfig } from './identity.config';
import { MeController } from './me/me.controller';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { SchoolsController } from './schools/schools.controller';
import { SupportGrantsController } from './support/support-grants.controller';
import { SupportGrantsService } from './support/support-grants.service';
import { SchoolsService } from './schools/schools.service';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';
import { BootstrapAdmin } from './users/bootstrap-admin';
import { AccessReviewController } from './users/access-review.controller';
import { AccessReviewService } from './users/access-review.service';
import { AccountLinks, InvitationResender } from './users/invitations';
import { PasswordLinksController } from './users/password-links.controller';
import { PasswordLinksService } from './users/password-links.service';
import { PlatformUsersController } from './users/platform-users.controller';
import { PlatformUsersService } from './users/platform-users.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { RolesController } from './roles/roles.controller';
import { RolesService } from './roles/roles.service';
import { Mailer } from './mail/mailer';
import { MarketingController } from './marketing/marketing.controller';
import { MarketingService } from './marketing/marketing.service';
import { NoticesController } from './notices/notices.controller';
import { NoticesService } from './notices/notices.service';
import { SubjectExportController } from './subject-export/subject-export.controller';
import { SubjectExportService } from './subject-export/subject-export.service';
import { ActiveSessionsController } from './sessions/active-sessions.controller';
import { ActiveSessionsService } from './sessions/active-sessions.service';
import { IdleSessions } from './sessions/idle-sessions';
import { MaintenanceCalendar } from './maintenance/maintenance-calendar';
import { MaintenanceScheduler } from './maintenance/maintenance-scheduler';
import { MaintenanceWindowsController } from './maintenance/maintenance-windows.controller';
import { MaintenanceWindowsService } from './maintenance/maintenance-windows.service';

/**
 * The identity service: schools (tenants), staff users, roles, credentials, sessions,
 * policy documents, support-access grants and maintenance windows.
 */
@Module({})
export class IdentityModule {
  static register(config: IdentityConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityModule,
      imports: dataServiceFoundation({ service: 'identity', config, logger, ...IDENTITY_DATABASE }),
      controllers: [
        UsersController,
        PlatformUsersController,
        PasswordLinksController,
        AccessReviewController,
        RolesController,
        MarketingController,
        AuthController,
        MeController,
        SchoolsController,
        PoliciesController,
        CredentialsController,
        SupportGrantsController,
        NoticesController,
        SubjectExportController,
        ActiveSessionsController,
        MaintenanceWindowsController,
      ],
      providers: [
        SupportGrantsService,
        Mailer,
        AccountLinks,
        InvitationResender,
        UsersService,
        PlatformUsersService,
        PasswordLinksService,
        AccessReviewService,
        RolesService,
        MarketingService,
        SchoolsService,
        PoliciesService,
        PasswordHasher,
        SigningKeys,
        TokenIssuer,
        AccessResolver,
        AuthService,
        SignInRepository,
        BootstrapAdmin,
        PasswordPolicyService,
        RateLimiter,
        SignInThrottle,
        SessionRevocation,
        ConcurrentSessions,
        PasswordChangeService,
        NoticesService,
        SubjectExportService,
        ActiveSessionsService,
        IdleSessions,
        MaintenanceCalendar,
        MaintenanceWindowsService,
        MaintenanceScheduler,
      ],
    };
  }
}
