import type { Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import { idParam } from '../http/params.ts';
import { discardKeptForm, keepAgain, keptFormsOf, takeKeptForm } from '../services/kept-forms.ts';
import { KEPT_FORM_PATH, keptFormsPage } from '../views/pages/kept-forms.ts';
import { keptFormTexts } from '../../domain/accounts/kept-form-texts.ts';

// A form sent after its sender's sign-in ended was kept (http/app.ts, services/kept-forms.ts);
// after signing in again the sender lands here, sees what they wrote, and sends it on or throws
// it away.

export const keptFormRoutes: Route[] = [
  {
    method: 'GET',
    path: KEPT_FORM_PATH,
    permission: 'signedIn',
    handler: async (ctx) => {
      const kept = await keptFormsOf(ctx.deps, ctx.actor);
      const discarded = ctx.url.searchParams.has('discarded');
      return {
        status: 200,
        body: keptFormsPage(ctx, {
          forms: kept.map((k) => ({ id: k.id, texts: keptFormTexts(k.fields), keptAt: k.keptAt, deletedAt: k.expiresAt })),
          discarded,
        }),
      };
    },
  },
  {
    method: 'POST',
    path: `${KEPT_FORM_PATH}/:id/send`,
    permission: 'signedIn',
    handler: async (ctx) => {
      const kept = await takeKeptForm(ctx.deps, ctx.actor, idParam(ctx));
      // Sent on as if posted to its own address now: the same access check, the same
      // validation and the same conflict check as any form sent there.
      return { status: 200, sendOn: { path: kept.path, fields: kept.fields, untaken: () => keepAgain(ctx.deps, ctx.actor, kept) } };
    },
  },
  {
    method: 'POST',
    path: `${KEPT_FORM_PATH}/:id/discard`,
    permission: 'signedIn',
    handler: async (ctx) => {
      await discardKeptForm(ctx.deps, ctx.actor, idParam(ctx));
      return redirect(`${KEPT_FORM_PATH}?discarded=1`);
    },
  },
];
