import 'reflect-metadata';
import { DataServiceConfig, bootstrapService } from '@pt/platform';
import { AuditModule } from './audit.module';

void bootstrapService({ service: 'audit', configSchema: DataServiceConfig, module: AuditModule.register });
