import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { interactionPolicy } from 'oidc-provider';

// A real OpenID provider (oidc-provider) on loopback, for walking the whole sign-in flow: the
// app discovers it, sends the browser to it, and exchanges the code with it as with Entra ID or
// a NemLog-in broker. Its own sign-in page is a plain form where the test types which test user
// it is; what that user's provider "did" (amr, acr) comes with the user.
//
// The port is taken first and the provider made later, so a test can start the app with the
// provider's address in its settings and then register the app's redirect URI here.

export interface IdpUser {
  /** What the test types on the provider's page; also the user's `sub`. */
  login: string;
  email?: string;
  emailVerified?: boolean;
  preferredUsername?: string;
  oid?: string;
  amr?: string[];
  acr?: string;
}

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface TestIdentityProvider {
  issuer: string;
  /** Makes the provider with its clients; until then every request is answered 503. */
  start(clients: IdpClient[]): void;
  addUser(user: IdpUser): void;
  close(): Promise<void>;
}

export async function openTestIdentityProvider(): Promise<TestIdentityProvider> {
  const users = new Map<string, IdpUser>();
  let provider: Provider | undefined;
  let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;

  const server = http.createServer((req, res) => {
    if (!provider || !handle) {
      res.writeHead(503).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const interaction = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!interaction) return handle(req, res);
    void interact(provider, users, req, res, interaction[1]!, Boolean(interaction[2])).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error).message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

  return {
    issuer,
    start(clients) {
      provider = new Provider(issuer, {
        clients: clients.map((c) => ({
          client_id: c.clientId,
          client_secret: c.clientSecret,
          redirect_uris: [c.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        })),
        findAccount: async (_ctx, sub) => {
          const user = users.get(sub);
          if (!user) return undefined;
          return {
            accountId: sub,
            claims: async () => ({
              sub,
              ...(user.email !== undefined ? { email: user.email, email_verified: user.emailVerified ?? false } : {}),
              ...(user.preferredUsername ? { preferred_username: user.preferredUsername } : {}),
              ...(user.oid ? { oid: user.oid } : {}),
            }),
          };
        },
        claims: { openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['preferred_username', 'oid'] },
        features: { devInteractions: { enabled: false } },
        pkce: { required: () => true },
        cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
        jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
        adapter: MemoryAdapter,
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy: askEveryTime() },
      });
      handle = provider.callback();
    },
    addUser(user) {
      users.set(user.login, user);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Like MitID, the test provider asks who you are on every sign-in (no single sign-on), so that
 * one browser can be several test users one after the other. */
function askEveryTime() {
  const policy = interactionPolicy.base();
  policy
    .get('login')!
    .checks.add(
      new interactionPolicy.Check(
        'test_every_time',
        'the test provider asks every time',
        (ctx) => !(ctx as { oidc: { result?: { login?: unknown } } }).oidc.result?.login,
      ),
    );
  return policy;
}

/** oidc-provider's storage, in this test's memory (its own development adapter warns on every start). */
class MemoryAdapter {
  static readonly store = new Map<string, { payload: Record<string, unknown>; until: number }>();
  readonly #name: string;
  constructor(name: string) {
    this.#name = name;
  }
  #key(id: string) {
    return `${this.#name}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
    MemoryAdapter.store.set(this.#key(id), { payload, until: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
  }
  async find(id: string) {
    const entry = MemoryAdapter.store.get(this.#key(id));
    return entry && entry.until > Date.now() ? entry.payload : undefined;
  }
  async findByUid(uid: string) {
    for (const [key, entry] of MemoryAdapter.store) if (key.startsWith(`${this.#name}:`) && entry.payload.uid === uid) return entry.payload;
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id: string) {
    const entry = MemoryAdapter.store.get(this.#key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    MemoryAdapter.store.delete(this.#key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of MemoryAdapter.store) if (entry.payload.grantId === grantId) MemoryAdapter.store.delete(key);
  }
}

async function interact(provider: Provider, users: Map<string, IdpUser>, req: http.IncomingMessage, res: http.ServerResponse, uid: string, submitted: boolean) {
  const details = await provider.interactionDetails(req, res);
  if (!submitted) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body><main>
<h1>Test identity provider</h1>
<form method="post" action="/interaction/${uid}/login"><label for="login">Login</label> <input id="login" name="login"> <button type="submit">Continue</button></form>
</main></body></html>`);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const login = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('login') ?? '';
  const user = users.get(login);
  if (!user) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('no such test user');
    return;
  }
  const grant = new provider.Grant({ accountId: user.login, clientId: details.params.client_id! });
  grant.addOIDCScope(details.params.scope ?? 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.login, ...(user.amr ? { amr: user.amr } : {}), ...(user.acr ? { acr: user.acr } : {}) }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * Walks a browser through the provider by hand (no redirects followed by fetch): from the
 * authorization URL the app sent it to, through the provider's sign-in page as `login`, to the
 * app's callback address with the code and state — which is returned, not visited.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  const origin = new URL(authorizationUrl).origin;
  const go = async (url: string, init: { method?: string; body?: string } = {}) => {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    await res.text();
    const location = res.headers.get('location');
    return location ? new URL(location, origin).href : null;
  };
  const interaction = await go(authorizationUrl);
  if (!interaction?.includes('/interaction/')) throw new Error(`the provider did not ask who it is: ${interaction}`);
  await go(interaction);
  const resume = await go(`${interaction}/login`, { method: 'POST', body: new URLSearchParams({ login }).toString() });
  if (!resume) throw new Error('the provider did not accept the test user');
  const back = await go(resume);
  if (!back) throw new Error('the provider did not send the browser back');
  return back;
}
