import { DynamicModule, Module, Type } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { AuthModule } from './auth/auth.module';
import { CredentialsModule } from './credentials/credentials.module';
import { FinanceApiKeysModule } from './finance-api-keys/finance-api-keys.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { IDENTITY_DATABASE } from './database';
import { IdentityConfig } from './identity.config';
import { MailModule } from './mail/mail.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MarketingModule } from './marketing/marketing.module';
import { MeModule } from './me/me.module';
import { NoticesModule } from './notices/notices.module';
import { PoliciesModule } from './policies/policies.module';
import { RolesModule } from './roles/roles.module';
import { SchoolPurgeModule } from './school-purge/school-purge.module';
import { SchoolsModule } from './schools/schools.module';
import { SessionsModule } from './sessions/sessions.module';
import { SubjectExportModule } from './subject-export/subject-export.module';
import { SupportModule } from './support/support.module';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';

/** One module per concept folder; each exports only what another concept uses. */
export const IDENTITY_CONCEPT_MODULES: Type<unknown>[] = [
  AuthModule,
  CredentialsModule,
  FinanceApiKeysModule,
  IdempotencyModule,
  MailModule,
  MaintenanceModule,
  MarketingModule,
  MeModule,
  NoticesModule,
  PoliciesModule,
  RolesModule,
  SchoolsModule,
  SchoolPurgeModule,
  SessionsModule,
  SubjectExportModule,
  SupportModule,
  TokensModule,
  UsersModule,
];

/**
 * The identity service: schools (tenants), staff users, roles, credentials, sessions,
 * policy documents, support-access grants and maintenance windows.
 */
@Module({})
export class IdentityModule {
  static register(config: IdentityConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        ...dataServiceFoundation({ service: 'identity', config, logger, ...IDENTITY_DATABASE }),
        ...IDENTITY_CONCEPT_MODULES,
      ],
    };
  }
}
