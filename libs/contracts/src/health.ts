import { definePattern, MessagePattern } from './pattern';
import { ServiceName } from './services';

export interface HealthReply {
  service: ServiceName;
  status: 'up';
  database: 'up';
  /** Durable events the service could not process and parked (see events). */
  parkedEvents: number;
  uptimeSeconds: number;
}

/** Every service answers `<service>.health.check`: it proves the bus, the handler and the database. */
export function healthPattern(service: ServiceName): MessagePattern<Record<string, never>, HealthReply> {
  return definePattern<Record<string, never>, HealthReply>(`${service}.health.check`);
}
