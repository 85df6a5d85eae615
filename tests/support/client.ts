// A small browser-like HTTP client for integration tests: keeps cookies, sends the CSRF
// token the way a form does, and never follows redirects by itself, so tests see them.

export interface TestResponse {
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

  async request(method: string, path: string, init: { body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string> } = {}): Promise<TestResponse> {
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

  get(path: string): Promise<TestResponse> {
    return this.request('GET', path);
  }

  /** Posts a form like a browser would, with the CSRF token (fetching a page first if needed). */
  async post(path: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<TestResponse> {
    if (options.csrf !== false && !this.csrf()) await this.get('/healthz');
    const params = new URLSearchParams();
    if (options.csrf !== false) params.append('_csrf', this.csrf());
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    return this.request('POST', path, { body: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async postJson(path: string, body: unknown): Promise<TestResponse> {
    if (!this.csrf()) await this.get('/healthz');
    return this.request('POST', path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf(), accept: 'application/json' },
    });
  }
}

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function signUpCitizen(base: string, name = uniqueName('citizen')): Promise<{ client: Client; username: string; password: string }> {
  const client = new Client(base);
  const password = 'a calm long password';
  const res = await client.post('/sign-up', { chosenName: 'Sara', username: name, password });
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status}`);
  return { client, username: name, password };
}
