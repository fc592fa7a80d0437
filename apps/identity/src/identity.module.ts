import { DynamicModule, Module } from '@nestjs/common';
import { dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { PasswordHasher } from './credentials/password-hasher';
import { AccessResolver } from './roles/access-resolver';
import { IDENTITY_DATABASE } from './database';
import { IdentityConfig } from './identity.config';
import { MeController } from './me/me.controller';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { SchoolsController } from './schools/schools.controller';
import { SchoolsService } from './schools/schools.service';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';
import { BootstrapAdmin } from './users/bootstrap-admin';

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
      controllers: [AuthController, MeController, SchoolsController, PoliciesController],
      providers: [SchoolsService, PoliciesService, PasswordHasher, SigningKeys, TokenIssuer, AccessResolver, AuthService, BootstrapAdmin],
    };
  }
}
