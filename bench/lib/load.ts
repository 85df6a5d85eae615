// Load with autocannon on loopback: each connection acts as one citizen, with that citizen's
// cookies, and an autosaving connection keeps its own statement's revision up to date.
import autocannon from 'autocannon';
import type { AutocannonClient, AutocannonRequest, AutocannonResult } from 'autocannon';
import type { BenchCitizen } from './citizens.ts';
import { round } from './results.ts';

/** What Chromium and Firefox send: the app may compress its answers, as it would for a person. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export type Scenario = 'open' | 'autosave' | 'signin';

export interface LoadFigures {
  /** Successful (2xx) responses per second over the whole run. */
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  ok: number;
  share_2xx: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

/** Per-connection state lives in this closure: autocannon resets its own `context` every cycle. */
function requestFor(scenario: Scenario, citizen: BenchCitizen, serial: { n: number }): AutocannonRequest {
  const headers = { cookie: citizen.cookie, 'accept-encoding': BROWSER_ACCEPT_ENCODING };
  if (scenario === 'signin') return { method: 'GET', path: '/sign-in', headers: { 'accept-encoding': BROWSER_ACCEPT_ENCODING } };
  if (scenario === 'open') return { method: 'GET', path: `/statements/${citizen.statementId}/write/who`, headers };
  return {
    method: 'POST',
    path: `/statements/${citizen.statementId}/autosave`,
    headers: { ...headers, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': citizen.csrf },
    setupRequest: (request) => {
      serial.n += 1;
      const text = `Jeg hedder Sara. Jeg går gerne ture ved vandet og holder af min kat. Udkast nummer ${serial.n}.`;
      return { ...request, body: JSON.stringify({ revision: citizen.revision, fields: { whoIAm: text } }) };
    },
    onResponse: (status, body) => {
      try {
        // 200 gives the new revision; 409 gives the current one, so the next save can succeed.
        const parsed = JSON.parse(body) as { revision?: number; current?: { revision?: number } };
        const revision = status === 200 ? parsed.revision : parsed.current?.revision;
        if (typeof revision === 'number') citizen.revision = revision;
      } catch {
        /* an error page: keep the revision */
      }
    },
  };
}

/** Runs one scenario with one connection per citizen (citizens.length connections). */
export async function runLoad(
  base: string,
  scenario: Scenario,
  citizens: BenchCitizen[],
  options: { durationS: number; connections?: number },
): Promise<LoadFigures> {
  const connections = options.connections ?? citizens.length;
  let nextClient = 0;
  const serial = { n: 0 };
  const result: AutocannonResult = await new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections,
        duration: options.durationS,
        timeout: 20,
        setupClient: (client: AutocannonClient) => {
          const citizen = citizens[nextClient++ % citizens.length] as BenchCitizen;
          client.setRequests([requestFor(scenario, citizen, serial)]);
        },
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
  });
  return summarise(result);
}

/** A mixed round: each connection does one of the scenarios, in the proportions given. */
export async function runMixed(
  base: string,
  mix: { scenario: Scenario; citizen: BenchCitizen }[],
  durationS: number,
  connectionRate?: number,
): Promise<LoadFigures> {
  let nextClient = 0;
  const serial = { n: 0 };
  const result: AutocannonResult = await new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: mix.length,
        duration: durationS,
        timeout: 20,
        ...(connectionRate ? { connectionRate } : {}),
        setupClient: (client: AutocannonClient) => {
          const item = mix[nextClient++ % mix.length]!;
          client.setRequests([requestFor(item.scenario, item.citizen, serial)]);
        },
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
  });
  return summarise(result);
}

function summarise(r: AutocannonResult): LoadFigures {
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = Number(count);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = r['2xx'];
  return {
    rps: round(ok / r.duration),
    p50_ms: round(r.latency.p50),
    p99_ms: round(r.latency.p99),
    requests,
    ok,
    share_2xx: requests ? round(ok / requests) : 0,
    non2xx: r.non2xx,
    errors: r.errors,
    statuses,
  };
}
