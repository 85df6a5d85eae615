import type { IncomingHttpHeaders } from 'node:http';
import type { AppDeps } from '../deps.ts';
import type { Messages } from '../i18n/messages.ts';
import type { Locale } from '../db/schema.ts';
import type { Actor } from '../policy/actor.ts';
import type { Permission } from '../policy/policy.ts';
import type { SafeHtml } from '../views/html.ts';
import type { ViewContext } from '../views/view-context.ts';
import type { FormFields } from './body.ts';
import type { InputFailure, InputSpec } from './input.ts';

export interface RequestContext extends ViewContext {
  deps: AppDeps;
  method: string;
  url: URL;
  routeId: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  ip: string;
  cookies: Record<string, string>;
  actor: Actor;
  locale: Locale;
  t: Messages;
  csrfToken: string;
  form(): Promise<FormFields>;
  json(): Promise<unknown>;
  /** Cookies to send with whatever response the handler returns. */
  setCookie(name: string, value: string, options?: CookieOptions): void;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax';
}

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | SafeHtml;
  /** A kept form to send on to its own address, as if the signed-in person posted it now
   * (routes/kept-forms.ts); the app runs that route in place of this answer. */
  sendOn?: {
    path: string;
    fields: Record<string, string | string[]>;
    /** Called when that route did not take the form: it failed, refused or was gone. */
    untaken: () => Promise<void>;
  };
}

export type Handler<I = unknown> = (ctx: RequestContext & { input: I }) => Promise<HttpResult>;

// biome-ignore lint/suspicious/noExplicitAny: one list holds routes of every input type; `route()` types each handler
export interface Route<I = any> {
  method: 'GET' | 'POST';
  path: string;
  /** The policy rule every request must pass before the handler runs. */
  permission: Permission;
  handler: Handler<I>;
  /** The input, validated before the handler runs (see http/input.ts). */
  input?: InputSpec<I>;
  /** Renders the form again on invalid input (status 400). Without it: the plain 400 page. */
  invalid?: (ctx: RequestContext, failure: InputFailure) => Promise<HttpResult>;
  /** A sample for the authorization matrix test: how to fill the path's parameters. */
  sample?: Record<string, string>;
  /** Only for POSTs authorised by an unguessable token in the path (RFC 8058 one-click
   * unsubscribe, sent by mail providers without cookies): no CSRF token is required. */
  csrfExempt?: boolean;
  /** Health and metrics probes: answered without looking up any session, even with a cookie. */
  sessionless?: boolean;
  /** The load balancer's and the operator's own requests: answered at once, never waiting for a
   * turn behind people's requests (http/app.ts), so a busy app still says it is alive. */
  answersAtOnce?: boolean;
}

/** Declares a route so that `ctx.input` in the handler has its schema's type. */
export function route<I = unknown>(r: Route<I>): Route<I> {
  return r;
}
