import { Actor } from './envelope';

/** The JetStream stream that holds every durable event (`evt.>`). */
export const EVENTS_STREAM = 'EVENTS';
export const EVENT_SUBJECT_PREFIX = 'evt.';
/** A consumer filter for every durable event of every service (the audit log reads them all). */
export const ALL_EVENTS = `${EVENT_SUBJECT_PREFIX}>`;

/**
 * A durable event as published from a service's outbox. Payloads carry ids only, never
 * names or other personal data, so the audit trail and every consumer stay nameless.
 */
export interface EventEnvelope<T = Record<string, unknown>> {
  /** Unique event id; also the JetStream `Nats-Msg-Id`, so republishing is deduplicated. */
  id: string;
  /** `evt.<service>.<concept>.<event>` */
  subject: string;
  occurredAt: string;
  tenantId: string | null;
  actor: Actor;
  requestId: string | null;
  /** The client's address of the request that caused it (absent on events staged before it was carried). */
  ip?: string | null;
  data: T;
}

/** A typed event subject, like MessagePattern for requests. */
export interface EventSubject<T> {
  readonly subject: string;
  readonly __payload?: T;
}

export type PayloadOf<E> = E extends EventSubject<infer T> ? T : never;

const EVENT_NAME = /^evt\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/;

export function defineEvent<T>(subject: string): EventSubject<T> {
  if (!EVENT_NAME.test(subject)) {
    throw new Error(`event subject "${subject}" must read evt.<service>.<concept>.<event>`);
  }
  return Object.freeze({ subject });
}
