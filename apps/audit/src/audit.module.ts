import { DynamicModule, Module } from '@nestjs/common';
import { DataServiceConfig, dataServiceFoundation } from '@pt/platform';
import { Logger } from 'pino';
import { AUDIT_DATABASE } from './database';

/** The audit service: the append-only, tamper-evident audit log, the subject-access register and the breach register. */
@Module({})
export class AuditModule {
  static register(config: DataServiceConfig, logger: Logger): DynamicModule {
    return {
      module: AuditModule,
      imports: dataServiceFoundation({ service: 'audit', config, logger, ...AUDIT_DATABASE }),
    };
  }
}
