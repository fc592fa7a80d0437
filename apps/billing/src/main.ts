import 'reflect-metadata';
import { DataServiceConfig, bootstrapService } from '@pt/platform';
import { BillingModule } from './billing.module';

void bootstrapService({ service: 'billing', configSchema: DataServiceConfig, module: BillingModule.register });
