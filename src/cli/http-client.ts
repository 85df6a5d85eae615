// A small browser-like HTTP client: keeps cookies, sends the CSRF token the way a form does, and
// never follows redirects by itself, so the caller sees them. The demo uses it to fill itself in
// through the app's own pages (src/cli/demo-life.ts), the integration tests to use the app as a
// browser without JavaScript would.

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export class Client {
  readonly base: string;
  readonly cookies = new Map<string, string>();
  constructor(base: string) {
    this.base = base;
  }

  csrf(): string {
    for (const [k, v] of this.cookies) if (k.endsWith('eo_csrf')) return v;
    return '';
  }

  async request(method: string, path: string, init: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<PageResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }

  get(path: string): Promise<PageResponse> {
    return this.request('GET', path);
  }

  /** Posts a form like a browser would, with the CSRF token (fetching a page first if needed). */
  async post(path: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<PageResponse> {
    if (options.csrf !== false && !this.csrf()) await this.get('/healthz');
    const params = new URLSearchParams();
    if (options.csrf !== false) params.append('_csrf', this.csrf());
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    return this.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async postJson(path: string, body: unknown): Promise<PageResponse> {
    if (!this.csrf()) await this.get('/healthz');
    return this.request('POST', path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf(), accept: 'application/json' },
    });
  }
}
