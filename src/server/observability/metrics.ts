import client from 'prom-client';

/** Requests being answered and waiting their turn (http/app.ts). */
export interface RequestTurns {
  readonly activeCount: number;
  readonly pendingCount: number;
}

export interface Metrics {
  registry: client.Registry;
  requests: client.Histogram<'route' | 'method' | 'status'>;
  /** Reports these turns as gauges from now on. */
  watchTurns(turns: RequestTurns): void;
}

export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Histogram({
    name: 'egneord_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  let turns: RequestTurns = { activeCount: 0, pendingCount: 0 };
  new client.Gauge({
    name: 'egneord_http_requests_in_progress',
    help: 'Requests being answered now (at most MAX_REQUESTS_IN_PROGRESS)',
    registers: [registry],
    collect() {
      this.set(turns.activeCount);
    },
  });
  new client.Gauge({
    name: 'egneord_http_requests_waiting',
    help: 'Requests waiting for their turn to be answered',
    registers: [registry],
    collect() {
      this.set(turns.pendingCount);
    },
  });
  return { registry, requests, watchTurns: (watched) => (turns = watched) };
}
