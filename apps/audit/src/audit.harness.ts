import { ServiceHarness } from '@pt/testing/service-harness';
import { AuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

/**
 * The audit service alone, on a database of its own, for its integration specs: its real
 * module behind the bus guard, pipes and filter, without NATS or the gateway (see
 * libs/testing/src/service-harness.ts).
 */
export function startAuditHarness(env: Record<string, string> = {}): Promise<ServiceHarness> {
  return ServiceHarness.start({ service: 'audit', configSchema: AuditConfig, module: AuditModule.register, env });
}
