import 'reflect-metadata';
import { bootstrapService } from '@pt/platform';
import { AuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

void bootstrapService({ service: 'audit', configSchema: AuditConfig, module: AuditModule.register });
