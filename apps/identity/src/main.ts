import 'reflect-metadata';
import { DataServiceConfig, bootstrapService } from '@pt/platform';
import { IdentityModule } from './identity.module';

void bootstrapService({ service: 'identity', configSchema: DataServiceConfig, module: IdentityModule.register });
