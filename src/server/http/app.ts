import crypto from 'node:crypto';
import pLimit from 'p-limit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpResult, RequestContext, Route } from './types.ts';
import type { AppDeps } from '../deps.ts';
import { Router, type Match } from './router.ts';
import { FormFields, HttpError, parseJson, parseUrlEncoded, readBody } from './body.ts';
import { cookieName, parseCookies, ROLE_COOKIE, serializeCookie } from './cookies.ts';
import { securityHeaders } from './security-headers.ts';
import { createStaticHandler, isStaticPath } from './static-files.ts';
import { compressHtml } from './compress-html.ts';
import { formRecord, lookup, parseInput, queryRecord } from './input.ts';
import { SafeHtml } from '../views/html.ts';
import { messagesFor } from '../i18n/messages.ts';
import { anonymous } from '../policy/actor.ts';
import { authorizeRoute, currentRole } from '../policy/policy.ts';
import { AccessDenied, BadInput, Conflict, NotFound, RateLimited, ReauthenticationRequired } from '../errors.ts';
import { resolveSession } from '../services/sessions.ts';
import { keepUnsentForm } from '../services/kept-forms.ts';
import { KEPT_FORM_PATH, notSignedInPage } from '../views/pages/kept-forms.ts';
import { keptFormTexts } from '../../domain/accounts/kept-form-texts.ts';
import { seeNoticesAt, unseenNoticeCount } from '../services/notices.ts';
import { sessionCookieName } from './session-cookie.ts';
import { errorSummaryForLog } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { errorPage } from '../views/pages/errors.ts';
import { safeEqual } from '../crypto/tokens.ts';
import type { Locale } from '../db/schema.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';

export function createRequestHandler(deps: AppDeps, routes: Route[], metrics: Metrics) {
  const router = new Router(routes);
  const secure = deps.config.COOKIE_SECURE;
  const sessionCookie = sessionCookieName(secure);
  const csrfCookie = cookieName('eo_csrf', secure);
  const serveStatic = createStaticHandler();

  // At most this many requests are answered at once; the others wait their turn before anything
  // is read or built for them. With a hundred requests under way at once, each held its page,
  // its rows and its context while it waited for one of the database's ten connections: with
  // turns of ten the peak memory under the server bench's load fell by a third (346–376 to
  // 214–271 MB); CPU per request moved less than the runs differ (docs/capacity.md).
  const admit = pLimit(deps.config.MAX_REQUESTS_IN_PROGRESS);
  metrics.watchTurns(admit);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }
    // Files need no session, cookies or body; they are streamed and not logged.
    if (isStaticPath(url.pathname)) {
      const status = await serveStatic(req, res, url.pathname);
      metrics.requests.observe({ route: 'static', method, status: String(status) }, Number(process.hrtime.bigint() - started) / 1e9);
      return;
    }
    // A body is read before the request takes a turn: someone sending theirs slowly (a weak
    // connection, or on purpose) holds only their own connection, never a turn others wait for.
    const bodyRead = hasBody(req) ? readBody(req, deps.config.MAX_BODY_BYTES) : undefined;
    if (bodyRead) await bodyRead.catch(() => undefined);
    const match = router.match(method, url.pathname);
    // The operator's health checks and metrics answer at once, however many requests wait.
    if (match.kind === 'found' && match.route.answersAtOnce) return answer(req, res, started, method, url, bodyRead, match);
    return admit(answer, req, res, started, method, url, bodyRead, match);
  };

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    started: bigint,
    method: string,
    url: URL,
    bodyRead: Promise<Buffer> | undefined,
    match: Match,
  ): Promise<void> {
    let routeLabel = 'unmatched';
    const outgoingCookies: string[] = [];
    const cookies = parseCookies(req.headers.cookie);
    const langCookie = cookies['eo_lang'];
    const locale: Locale = langCookie === 'en' ? 'en' : 'da';
    let csrfToken = cookies[csrfCookie] ?? '';
    if (!/^[A-Za-z0-9_-]{32,64}$/.test(csrfToken)) {
      csrfToken = crypto.randomBytes(24).toString('base64url');
      // Lax, not Strict: a Strict cookie is left out when a link on another site (a mail) opens
      // the app, a new token was then set, and every form already open in another tab was
      // refused as too old. A cross-site form post still comes without it (Lax), and the token
      // is checked against the form's either way.
      outgoingCookies.push(serializeCookie(csrfCookie, csrfToken, secure, { sameSite: 'Lax' }));
    }
    let formCache: Promise<FormFields> | undefined;
    let jsonCache: Promise<unknown> | undefined;
    let bodyCache: Promise<Buffer> | undefined = bodyRead;
    const body = () => (bodyCache ??= readBody(req, deps.config.MAX_BODY_BYTES));
    const requestNow = deps.now();
    const ctx: RequestContext = {
      deps,
      method,
      url,
      routeId: 'unmatched',
      params: {},
      headers: req.headers,
      ip: clientAddress(req, deps.config.TRUST_PROXY),
      cookies,
      actor: anonymous,
      locale,
      t: messagesFor(locale),
      now: requestNow,
      today: todayIn(ZONE, requestNow),
      mailEnabled: deps.mailer.enabled,
      role: null,
      unseenNotices: 0,
      csrfToken,
      form: () =>
        (formCache ??= body().then((raw) => {
          const type = mediaType(req.headers);
          if (raw.length > 0 && type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'unsupported');
          return parseUrlEncoded(raw);
        })),
      json: () =>
        (jsonCache ??= body().then((raw) => {
          const type = mediaType(req.headers);
          if (type !== 'application/json') throw new HttpError(415, 'unsupported');
          return parseJson(raw);
        })),
      setCookie: (name, value, options) => outgoingCookies.push(serializeCookie(name, value, secure, options)),
    };

    let result: HttpResult;
    try {
      if (match.kind === 'none') throw new HttpError(404, 'notFound');
      if (match.kind === 'wrongMethod') {
        routeLabel = 'wrong-method';
        result = { ...(await renderError(ctx, new HttpError(405, 'methodNotAllowed'))), headers: { allow: match.allow.join(', ') } };
      } else {
        const route = match.route;
        routeLabel = `${route.method} ${route.path}`;
        ctx.routeId = routeLabel;
        ctx.params = match.params;
        if (!route.sessionless && (route.permission !== 'public' || cookies[sessionCookie])) {
          // On a public page a failed session lookup (database down) leaves the visitor
          // anonymous rather than failing the page.
          ctx.actor =
            route.permission === 'public'
              ? await resolveSession(deps, cookies[sessionCookie]).catch(() => anonymous)
              : await resolveSession(deps, cookies[sessionCookie]);
          if (ctx.actor.kind === 'user' && !langCookie) {
            ctx.locale = ctx.actor.locale;
            ctx.t = messagesFor(ctx.locale);
          }
          ctx.role = currentRole(ctx.actor, cookies[ROLE_COOKIE]);
          // Pages show the count in the menu, a form sent back with an error too; the count is
          // never worth failing a page for. Opening a notice's thing is seeing the notice. A
          // change sent for a JSON answer (autosave) shows no menu: counting would be a wasted query.
          if (ctx.role !== null && !(method !== 'GET' && wantsJson(req)))
            ctx.unseenNotices = await (method === 'GET' ? seeNoticesAt(deps, ctx.actor, ctx.url.pathname) : unseenNoticeCount(deps, ctx.actor)).catch(() => 0);
        }
        result = await runRoute(ctx, route, csrfCookie, req);
        if (result.sendOn) {
          // A kept form, sent on to its own address: that route runs as if it had been posted
          // there now, by the person now signed in, with this request's form token. Where the
          // address did not take it (gone, refused, a fault), it is kept again.
          const { path, fields, untaken } = result.sendOn;
          const target = router.match('POST', path);
          const values = new Map(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]));
          values.set('_csrf', [cookies[csrfCookie] ?? '']);
          formCache = Promise.resolve(new FormFields(values));
          if (target.kind === 'found') {
            routeLabel = `${target.route.method} ${target.route.path}`;
            ctx.routeId = routeLabel;
            ctx.params = target.params;
          }
          let askedToConfirm = false;
          result = await (target.kind === 'found' ? runRoute(ctx, target.route, csrfCookie, req) : renderError(ctx, new HttpError(404, 'notFound'))).catch(
            (error: unknown) => {
              askedToConfirm = error instanceof ReauthenticationRequired;
              return askedToConfirm ? confirmFirst(ctx, router) : renderError(ctx, error);
            },
          );
          if (askedToConfirm || result.status >= 500 || result.status === 403 || result.status === 404) await untaken();
        }
      }
    } catch (error) {
      result = error instanceof ReauthenticationRequired ? confirmFirst(ctx, router) : await renderError(ctx, error);
    }

    const headers: Record<string, string | string[]> = { ...securityHeaders(ctx.url.pathname), ...(result.headers ?? {}) };
    if (!('cache-control' in headers)) headers['cache-control'] = 'no-store';
    if (outgoingCookies.length) headers['set-cookie'] = outgoingCookies;
    let buf: Buffer = Buffer.alloc(0);
    if (result.body instanceof SafeHtml) {
      headers['content-type'] ??= 'text/html; charset=utf-8';
      // Only pages are compressed here; PDFs and CSV downloads go out as they are.
      buf = compressHtml(result.body.value, req.headers, headers);
    } else if (result.body !== undefined) buf = typeof result.body === 'string' ? Buffer.from(result.body) : result.body;
    headers['content-length'] = String(buf.length);
    if (!res.headersSent) {
      res.writeHead(result.status, headers);
      res.end(method === 'HEAD' ? undefined : buf);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.requests.observe({ route: routeLabel, method, status: String(result.status) }, seconds);
    deps.logger.info({ route: routeLabel, method, status: result.status, ms: Math.round(seconds * 1000) }, 'request');
    // Drain anything the handler didn't read, so the connection stays usable.
    if (!req.readableEnded) req.resume();
  }

  async function runRoute(ctx: RequestContext, route: Route, csrfCookieName: string, req: IncomingMessage): Promise<HttpResult> {
    const decision = authorizeRoute(ctx.actor, route.permission);
    if (decision !== 'allow') {
      if (decision === 'signIn') {
        if (ctx.method === 'GET') return redirect(`/sign-in?returnTo=${encodeURIComponent(ctx.url.pathname)}`);
        return (await keepForLater(ctx, req, csrfCookieName)) ?? (await notSignedIn(ctx, req));
      }
      if (decision === 'secondFactor') return ctx.method === 'GET' ? redirect('/sign-in/code') : renderError(ctx, new AccessDenied());
      if (decision === 'enrol') return ctx.method === 'GET' ? redirect('/account/second-factor') : renderError(ctx, new AccessDenied());
      return renderError(ctx, new AccessDenied());
    }
    if (ctx.method === 'POST' && !route.csrfExempt) {
      const fetchSite = req.headers['sec-fetch-site'];
      if (fetchSite === 'cross-site') return renderError(ctx, new AccessDenied());
      const type = mediaType(req.headers);
      let supplied: string | undefined;
      if (type === 'application/json') {
        supplied = String(req.headers['x-csrf-token'] ?? '');
        // Parsed before any handler runs, so a body that is too deep or not JSON is refused
        // even by a route that would not have read it.
        await ctx.json();
      } else supplied = (await ctx.form()).get('_csrf');
      if (!matchesFormToken(ctx, csrfCookieName, supplied)) {
        return renderError(ctx, new HttpError(403, 'forbidden'), 403, ctx.t.errors.csrf);
      }
    }
    if (!route.input) return route.handler(ctx as RequestContext & { input: unknown });
    const raw = route.input.from === 'json' ? ((await ctx.json()) ?? {}) : route.input.from === 'form' ? formRecord(await ctx.form()) : queryRecord(ctx.url);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return renderError(ctx, new BadInput());
    const parsed = parseInput(route.input, raw as Record<string, unknown>, ctx.t);
    if (!parsed.ok) {
      if (route.invalid) return { ...(await route.invalid(ctx, parsed.failure)), status: 400 };
      return renderError(ctx, new BadInput(parsed.failure.errors), undefined, Object.values(parsed.failure.errors)[0]);
    }
    return route.handler(Object.assign(ctx, { input: parsed.value }));
  }
}

/**
 * A form sent from this site after the sender's sign-in ended is kept for them
 * (services/kept-forms.ts), and they are asked to sign in again and land where they can send it
 * on. Only a form with this browser's own form token: a form planted from another site is not
 * kept. Autosave (JSON) keeps its own copy in the browser and needs none of this.
 */
async function keepForLater(ctx: RequestContext, req: IncomingMessage, csrfCookieName: string): Promise<HttpResult | undefined> {
  if (ctx.actor.kind !== 'anonymous' || !ctx.actor.endedSignInOf || ctx.url.pathname.startsWith(KEPT_FORM_PATH)) return undefined;
  if (req.headers['sec-fetch-site'] === 'cross-site' || mediaType(req.headers) !== 'application/x-www-form-urlencoded') return undefined;
  const form = await ctx.form();
  if (!matchesFormToken(ctx, csrfCookieName, form.get('_csrf'))) return undefined;
  const { _csrf, ...fields } = form.toRecord();
  if (!(await keepUnsentForm(ctx.deps, ctx.actor, ctx.url.pathname, fields))) return undefined;
  return redirect(`/sign-in?returnTo=${encodeURIComponent(KEPT_FORM_PATH)}`);
}

/**
 * A form from this site (the browser says so) that could not be kept for anyone: the page says
 * the person is not signed in, and shows what they typed to copy. Anything else gets the plain
 * refusal: another site's form is not shown back, and a script gets its JSON.
 */
async function notSignedIn(ctx: RequestContext, req: IncomingMessage): Promise<HttpResult> {
  const typed = wantsJson(req) || ctx.url.pathname.startsWith('/api/') ? null : await typedInForm(ctx);
  return typed === null ? renderError(ctx, new AccessDenied(), 401) : { status: 401, body: notSignedInPage(ctx, typed) };
}

/** Whether a request carries this browser's form token (double-submit: the cookie's value). */
function matchesFormToken(ctx: RequestContext, csrfCookieName: string, supplied: string | undefined): boolean {
  const expected = ctx.cookies[csrfCookieName];
  return Boolean(expected && supplied && safeEqual(supplied, expected));
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function mediaType(headers: IncomingMessage['headers']): string {
  return String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
  );
}

export function redirect(location: string, status = 303): HttpResult {
  return { status, headers: { location } };
}

/**
 * A change to how one signs in, on a session that has not confirmed who it is lately: to
 * "confirm it is you", and from there back to the page the change was made on (for a form
 * posted to /account/passkeys/:id/delete, the nearest page above it: /account/passkeys).
 */
function confirmFirst(ctx: RequestContext, router: Router): HttpResult {
  let back = ctx.url.pathname;
  if (ctx.method === 'GET') back += ctx.url.search;
  else while (back !== '/account' && back.includes('/', 1) && router.match('GET', back).kind !== 'found') back = back.slice(0, back.lastIndexOf('/'));
  const location = `/account/confirm?returnTo=${encodeURIComponent(back)}`;
  if (String(ctx.headers.accept ?? '').startsWith('application/json')) {
    return { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'reauthenticate', location }) };
  }
  return redirect(location);
}

async function renderError(ctx: RequestContext, error: unknown, statusOverride?: number, message?: string): Promise<HttpResult> {
  let status = 500;
  let key: Parameters<typeof errorPage>[1] = 'server';
  if (error instanceof HttpError) {
    status = error.status;
    key = error.publicKey;
  } else if (error instanceof AccessDenied) {
    status = 403;
    key = 'forbidden';
  } else if (error instanceof RateLimited) {
    status = 429;
    key = 'tooMany';
    // Every limit knows when its window ends: say it, instead of "wait a little".
    message ??= ctx.t.rateLimitedWait(error.retryAfterSeconds);
  } else if (error instanceof NotFound) {
    status = 404;
    key = 'notFound';
  } else if (error instanceof Conflict) {
    status = 409;
    key = 'conflict';
  } else if (error instanceof BadInput) {
    status = 400;
    key = 'badRequest';
    // Say what was wrong where it can be said: the first field's message, by its catalogue path.
    const first = Object.values(error.fields)[0];
    message ??= first === undefined ? undefined : (lookup(ctx.t, first) ?? undefined);
  } else if (isDatabaseUnavailable(error)) {
    // The database is away (restart, network): say so, and that nothing typed is lost.
    status = 503;
    key = 'server';
  } else {
    ctx.deps.logger.error({ route: ctx.routeId, error: errorSummaryForLog(error) }, 'unhandled error');
  }
  if (statusOverride) status = statusOverride;
  const headers: Record<string, string> = {};
  if (status === 429) headers['retry-after'] = String(error instanceof RateLimited ? error.retryAfterSeconds : 60);
  if (status === 503) headers['retry-after'] = '10';
  if (ctx.url.pathname.startsWith('/api/') || String(ctx.headers.accept ?? '').startsWith('application/json')) {
    return { status, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ error: key }) };
  }
  return { status, headers, body: errorPage(ctx, key, message, status >= 500 ? ((await typedInForm(ctx)) ?? []) : []) };
}

/** What a person typed into a form from this site (the browser says so), for a page that must
 * not lose it; null for anything else, whose words are not shown back. */
async function typedInForm(ctx: RequestContext): Promise<string[] | null> {
  if (ctx.method !== 'POST' || ctx.headers['sec-fetch-site'] !== 'same-origin' || mediaType(ctx.headers) !== 'application/x-www-form-urlencoded') return null;
  const form = await ctx.form().catch(() => null);
  return form ? keptFormTexts(form.toRecord()) : [];
}

function wantsJson(req: IncomingMessage): boolean {
  return String(req.headers.accept ?? '').startsWith('application/json');
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')[0]!
      .trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
