import 'reflect-metadata';
import { bootstrapService } from '@pt/platform';
import { IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

void bootstrapService({ service: 'identity', configSchema: IdentityConfig, module: IdentityModule.register });
