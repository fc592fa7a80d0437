import { DynamicModule, Module } from '@nestjs/common';
import { DataServiceConfig, dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { IDENTITY_DATABASE } from './database';

/** The identity service: schools (tenants), staff users, roles, credentials, sessions, policy documents, support-access grants and maintenance windows. */
@Module({})
export class IdentityModule {
  static register(config: DataServiceConfig, logger: Logger): DynamicModule {
    return {
      module: IdentityModule,
      imports: dataServiceFoundation({ service: 'identity', config, logger, ...IDENTITY_DATABASE }),
    };
  }
}
