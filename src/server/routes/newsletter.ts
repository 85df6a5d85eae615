import { route, type RequestContext, type Route } from '../http/types.ts';
import { publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput, type InputFailure } from '../http/input.ts';
import { RateLimited } from '../errors.ts';
import {
  confirm,
  issueSchema,
  newsletterDesk,
  previewConfirmation,
  sendIssue,
  signUp,
  signUpSchema,
  unsubscribe,
  unsubscribeState,
  type ConfirmOutcome,
} from '../services/newsletter.ts';
import { checkMailPage, composePage, confirmOutcomePage, confirmPage, signUpPage, unsubscribePage } from '../views/pages/newsletter.ts';
import type { Errors } from '../views/components.ts';

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function tokenOf(ctx: RequestContext): string | null {
  const token = ctx.params.token ?? '';
  return tokenPattern.test(token) ? token : null;
}

const outcomeStatus: Record<ConfirmOutcome, number> = { confirmed: 200, alreadyConfirmed: 200, unsubscribed: 409, expired: 410, unknown: 404 };

async function composeView(ctx: RequestContext, extra: { errors?: Errors; values?: { subject: string; body: string }; info?: string } = {}) {
  return composePage(ctx, { ...(await newsletterDesk(ctx.deps, ctx.actor)), ...extra });
}

function text(failure: InputFailure, field: string): string {
  const v = failure.values[field];
  return typeof v === 'string' ? v : (v?.[0] ?? '');
}

export const newsletterRoutes: Route[] = [
  { method: 'GET', path: '/newsletter', permission: 'public', handler: async (ctx) => ({ status: 200, body: signUpPage(ctx) }) },
  route({
    method: 'POST',
    path: '/newsletter',
    permission: 'public',
    input: formInput(signUpSchema),
    invalid: async (ctx, failure) => ({ status: 400, body: signUpPage(ctx, { address: text(failure, 'address').trim(), errors: failure.errors }) }),
    handler: async (ctx) => {
      const address = ctx.input.address;
      // Nothing is stored for a mail that can never be sent; the page says why.
      if (!ctx.mailEnabled) return { status: 409, body: signUpPage(ctx) };
      try {
        await signUp(ctx.deps, { address, locale: ctx.locale, origin: publicOrigin(ctx), ip: ctx.ip });
      } catch (error) {
        if (error instanceof RateLimited)
          return { status: 429, headers: { 'retry-after': '3600' }, body: signUpPage(ctx, { address, info: ctx.t.newsletter.tooMany }) };
        throw error;
      }
      return { status: 200, body: checkMailPage(ctx) };
    },
  }),
  {
    method: 'GET',
    path: '/newsletter/confirm/:token',
    permission: 'public',
    handler: async (ctx) => {
      const token = tokenOf(ctx);
      const state = token ? await previewConfirmation(ctx.deps, token) : 'unknown';
      if (state === 'ready' && token) return { status: 200, body: confirmPage(ctx, token) };
      const outcome = state === 'ready' ? 'unknown' : state;
      return { status: outcomeStatus[outcome], body: confirmOutcomePage(ctx, outcome) };
    },
  },
  {
    method: 'POST',
    path: '/newsletter/confirm/:token',
    permission: 'public',
    handler: async (ctx) => {
      const token = tokenOf(ctx);
      const outcome = token ? await confirm(ctx.deps, token) : 'unknown';
      return { status: outcomeStatus[outcome], body: confirmOutcomePage(ctx, outcome) };
    },
  },
  {
    method: 'GET',
    path: '/newsletter/unsubscribe/:token',
    permission: 'public',
    handler: async (ctx) => {
      const token = tokenOf(ctx);
      const state = token ? await unsubscribeState(ctx.deps, token) : 'unknown';
      if (state === 'unknown' || !token) return { status: 404, body: confirmOutcomePage(ctx, 'unknown') };
      return { status: 200, body: unsubscribePage(ctx, token, state) };
    },
  },
  {
    // The button on the page above, and RFC 8058 one-click unsubscribe from mail programs
    // (which send no cookies): the unguessable token in the path is the authority.
    method: 'POST',
    path: '/newsletter/unsubscribe/:token',
    permission: 'public',
    csrfExempt: true,
    handler: async (ctx) => {
      const token = tokenOf(ctx);
      const state = token ? await unsubscribe(ctx.deps, token) : 'unknown';
      if (state === 'unknown' || !token) return { status: 404, body: confirmOutcomePage(ctx, 'unknown') };
      return { status: 200, body: unsubscribePage(ctx, token, 'unsubscribed') };
    },
  },
  {
    method: 'GET',
    path: '/newsletter/issues',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const sent = ctx.url.searchParams.get('sent');
      const info = sent && /^\d{1,7}$/.test(sent) ? ctx.t.newsletter.sent(Number(sent)) : undefined;
      return { status: 200, body: await composeView(ctx, info ? { info } : {}) };
    },
  },
  route({
    method: 'POST',
    path: '/newsletter/issues',
    permission: 'organisationManager',
    input: formInput(issueSchema),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: await composeView(ctx, { errors: failure.errors, values: { subject: text(failure, 'subject'), body: text(failure, 'body') } }),
    }),
    handler: async (ctx) => {
      if (!ctx.mailEnabled) return { status: 409, body: await composeView(ctx, { values: ctx.input }) };
      const result = await sendIssue(ctx.deps, ctx.actor, ctx.input, publicOrigin(ctx));
      return redirect(`/newsletter/issues?sent=${result.recipients}`);
    },
  }),
];
