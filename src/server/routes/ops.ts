import crypto from 'node:crypto';
import { NotFound } from '../errors.ts';
import type { Route } from '../http/types.ts';
import { ROBOTS_TXT } from '../http/security-headers.ts';
import type { Metrics } from '../observability/metrics.ts';

export function opsRoutes(metrics: Metrics, state: { shuttingDown: boolean }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      permission: 'public',
      sessionless: true,
      answersAtOnce: true,
      handler: async () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
    },
    {
      method: 'GET',
      path: '/robots.txt',
      permission: 'public',
      sessionless: true,
      handler: async () => ({
        status: 200,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=86400' },
        body: ROBOTS_TXT,
      }),
    },
    {
      method: 'GET',
      path: '/readyz',
      permission: 'public',
      sessionless: true,
      answersAtOnce: true,
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
      answersAtOnce: true,
      // 404 rather than 401: without the token, nothing says there is anything here.
      handler: async (ctx) => {
        if (!bearerMatches(ctx.headers.authorization, ctx.deps.config.METRICS_TOKEN)) throw new NotFound();
        return { status: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.registry.metrics() };
      },
    },
  ];
}

/** Compared as hashes of equal length, so the time taken says nothing about how much matched. */
function bearerMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(header.slice('Bearer '.length)), digest(token));
}
