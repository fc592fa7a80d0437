import { definePattern, MessagePattern } from './pattern';
import { SERVICE_NAMES, ServiceName } from './services';

export interface HealthReply {
  service: ServiceName;
  status: 'up';
  database: 'up';
  /** Durable events the service could not process and parked (see events). */
  parkedEvents: number;
  uptimeSeconds: number;
}

// Defined for every service at once, so the pattern registry lists each service's health check.
const HEALTH_PATTERNS = new Map(
  SERVICE_NAMES.map((service) => [
    service,
    definePattern<Record<string, never>, HealthReply>(`${service}.health.check`),
  ]),
);

/** Every service answers `<service>.health.check`: it proves the bus, the handler and the database. */
export function healthPattern(service: ServiceName): MessagePattern<Record<string, never>, HealthReply> {
  return HEALTH_PATTERNS.get(service)!;
}
