import { EntityManager } from '@mikro-orm/postgresql';
import { EventEnvelope, EventSubject } from '@pt/contracts';

/** Applies one typed event inside the transaction that records it as processed. */
export type EventRouteHandler<T> = (event: EventEnvelope<T>, em: EntityManager) => Promise<void>;

/**
 * A durable consumer's subjects and handlers, declared together by the event constants of
 * libs/contracts: the consumer's filter is exactly the events routed, and each handler
 * gets its event's payload type with no string subject or cast.
 *
 *   const routes = eventRoutes().on(SCHOOL_STATUS_CHANGED, async ({ data }, em) => …);
 *   await consumers.start({ durable: 'pupil-records-school-status', subjects: routes.subjects, handle: routes.handle });
 */
export class EventRoutes {
  private readonly handlers = new Map<string, EventRouteHandler<never>>();

  on<T>(event: EventSubject<T>, handler: EventRouteHandler<T>): this {
    if (this.handlers.has(event.subject)) throw new Error(`event ${event.subject} is routed twice`);
    this.handlers.set(event.subject, handler as EventRouteHandler<never>);
    return this;
  }

  /** The consumer's filter: every routed event's subject. */
  get subjects(): string[] {
    return [...this.handlers.keys()];
  }

  /** For the consumer: hands each event to its route (bound, so it can be passed as is). */
  readonly handle = (event: EventEnvelope, em: EntityManager): Promise<void> => {
    const handler = this.handlers.get(event.subject);
    // The filter lets only routed subjects through; anything else is a deployment fault
    // (a consumer updated with another filter) and is retried, then parked, not lost.
    if (!handler) return Promise.reject(new Error(`no route for event ${event.subject}`));
    return handler(event as EventEnvelope<never>, em);
  };
}

export function eventRoutes(): EventRoutes {
  return new EventRoutes();
}
