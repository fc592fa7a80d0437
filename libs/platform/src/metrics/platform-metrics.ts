import { Counter, Histogram, register } from 'prom-client';

/** Metrics every process registers once; labels carry patterns and outcomes, never data. */
export const busHandlerDuration = new Histogram({
  name: 'bus_handler_duration_seconds',
  help: 'Time to handle a bus request, by pattern and outcome',
  labelNames: ['pattern', 'outcome'],
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

export const outboxPublished = new Counter({
  name: 'outbox_events_published_total',
  help: 'Durable events relayed from the outbox to JetStream',
});

export const outboxRelayFailures = new Counter({
  name: 'outbox_relay_failures_total',
  help: 'Relay rounds that failed and will be retried',
});

export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'Durable events handled, by consumer and outcome (processed, duplicate, retried, parked)',
  labelNames: ['consumer', 'outcome'],
});

export { register as metricsRegistry };
