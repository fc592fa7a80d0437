import { connect, NatsConnection } from 'nats';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export interface NatsConnectOptions {
  servers: string[];
  /** Shown in the server's connection list: `<service>` or `<service>:<role>`. */
  name: string;
}

export function connectNats({ servers, name }: NatsConnectOptions): Promise<NatsConnection> {
  return connect({
    servers,
    name,
    // Keep trying forever: a NATS restart must not take the service down with it.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    timeout: 5000,
  });
}
