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
    // nats.js otherwise captures a stack trace on every request and timer; failures are
    // translated into BusException anyway, so that cost (measured ~0.2 ms a request) buys nothing.
    noAsyncTraces: true,
  });
}
