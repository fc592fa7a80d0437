import 'reflect-metadata';
import { bootstrapService } from '@pt/platform';
import { BillingConfig } from './billing.config';
import { BillingModule } from './billing.module';

void bootstrapService({ service: 'billing', configSchema: BillingConfig, module: BillingModule.register });
