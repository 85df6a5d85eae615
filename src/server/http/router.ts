import type { Route } from './types.ts';

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export type Match = { kind: 'found'; route: Route; params: Record<string, string> } | { kind: 'wrongMethod'; allow: string[] } | { kind: 'none' };

// Parameters are single path segments of safe characters: "../", encoded slashes and NUL
// never reach a handler.
const SEGMENT = '([A-Za-z0-9_-]{1,100})';

export class Router {
  readonly routes: Route[];
  readonly #compiled: Compiled[];
  constructor(routes: Route[]) {
    this.routes = routes;
    const seen = new Set<string>();
    this.#compiled = routes.map((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) throw new Error(`duplicate route ${key}`);
      seen.add(key);
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((part) => {
          if (part.startsWith(':')) {
            names.push(part.slice(1));
            return SEGMENT;
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(method: string, path: string): Match {
    const allow: string[] = [];
    for (const c of this.#compiled) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      if (c.route.method === method || (method === 'HEAD' && c.route.method === 'GET')) {
        const params: Record<string, string> = {};
        c.names.forEach((n, i) => (params[n] = m[i + 1]!));
        return { kind: 'found', route: c.route, params };
      }
      allow.push(c.route.method);
    }
    return allow.length ? { kind: 'wrongMethod', allow } : { kind: 'none' };
  }
}
