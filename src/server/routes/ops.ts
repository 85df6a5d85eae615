import type { Route } from '../http/types.ts';
import type { Metrics } from '../observability/metrics.ts';

export function opsRoutes(metrics: Metrics, state: { shuttingDown: boolean }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      permission: 'public',
      sessionless: true,
      handler: async () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
    },
    {
      method: 'GET',
      path: '/readyz',
      permission: 'public',
      sessionless: true,
      handler: async (ctx) => {
        const ready = !state.shuttingDown && (await ctx.deps.ping());
        return { status: ready ? 200 : 503, headers: { 'content-type': 'text/plain' }, body: ready ? 'ready' : 'not ready' };
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      permission: 'public',
      sessionless: true,
      handler: async () => ({ status: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.registry.metrics() }),
    },
  ];
}
