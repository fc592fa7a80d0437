import { DataServiceConfig } from '@pt/platform';
import { ServiceHarness } from '@pt/testing/service-harness';
import { AssessmentModule } from './assessment.module';

/**
 * The assessment service alone, on a database of its own, for its integration specs: its
 * real module behind the bus guard, pipes and filter, without NATS or the gateway (see
 * libs/testing/src/service-harness.ts).
 */
export function startAssessmentHarness(env: Record<string, string> = {}): Promise<ServiceHarness> {
  return ServiceHarness.start({
    service: 'assessment',
    configSchema: DataServiceConfig,
    module: AssessmentModule.register,
    env,
  });
}
