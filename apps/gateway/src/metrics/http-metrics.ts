import { Histogram } from 'prom-client';

/** Labelled by route pattern, never by raw URL: paths carry ids and queries may carry search terms. */
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests handled by the gateway, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
