import { Injectable } from '@nestjs/common';
import { healthPattern, MessageContext, SERVICE_NAMES, ServiceName, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { GatewayConfig } from '../gateway.config';

export type ServiceState = 'up' | 'down' | 'timeout';

export interface Readiness {
  ready: boolean;
  services: Record<ServiceName, ServiceState>;
  /** Durable events each service gave up on (parked for an operator); ready all the same. */
  parkedEvents: Partial<Record<ServiceName, number>>;
}

/**
 * Asks every service over the bus at once, with a short timeout. A service with no
 * replica listening is known down at once (NATS "no responders"), so a stopped service
 * shows within one probe, not after the timeout.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
  ) {}

  async check(requestId: string): Promise<Readiness> {
    const ctx: MessageContext = { tenantId: null, actor: SYSTEM_ACTOR, requestId, ip: null };
    const results = await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        try {
          const reply = await this.bus.request(
            healthPattern(service),
            ctx,
            {},
            { timeoutMs: this.config.HEALTH_TIMEOUT_MS },
          );
          return { service, state: 'up' as ServiceState, parked: reply.parkedEvents };
        } catch (error) {
          const state: ServiceState = error instanceof BusException && error.kind === 'timeout' ? 'timeout' : 'down';
          return { service, state, parked: 0 };
        }
      }),
    );
    const services = Object.fromEntries(results.map((r) => [r.service, r.state])) as Record<ServiceName, ServiceState>;
    return {
      ready: results.every((r) => r.state === 'up'),
      services,
      parkedEvents: Object.fromEntries(results.filter((r) => r.parked > 0).map((r) => [r.service, r.parked])),
    };
  }
}
