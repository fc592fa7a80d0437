import { ServiceHarness } from '@pt/testing/service-harness';
import { BillingConfig } from './billing.config';
import { BillingModule } from './billing.module';

/**
 * The billing service alone, on a database of its own, for its integration specs: its real
 * module behind the bus guard, pipes and filter, without NATS or the gateway (see
 * libs/testing/src/service-harness.ts).
 */
export function startBillingHarness(
  env: Record<string, string> = {},
  logLevel?: 'error' | 'fatal',
): Promise<ServiceHarness> {
  return ServiceHarness.start({
    service: 'billing',
    configSchema: BillingConfig,
    module: BillingModule.register,
    env,
    logLevel,
  });
}
