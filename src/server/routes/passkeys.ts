import { z } from 'zod';
import type { Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import { NotFound, RateLimited } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import {
  authenticationOptions,
  finishRegistration,
  passkeysOf,
  registrationOptions,
  relyingParty,
  removePasskey,
  signInWithPasskey,
} from '../services/passkeys.ts';
import { setSessionCookie } from '../http/session-cookie.ts';
import { passkeysPage } from '../views/pages/passkeys.ts';
import { signInWaitText } from '../views/pages/accounts.ts';
import { HOME_PATH, landingWithDeviceSheets } from './accounts.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

// The browser's answer is checked by the WebAuthn library; here only its outline.
const ceremonySchema = z.object({
  challengeId: z.string().max(40),
  response: z.object({ id: z.string().max(1400), rawId: z.string().max(1400), type: z.literal('public-key') }).passthrough(),
  // Signing in: the page's script says there are sheets kept in this browser.
  deviceSheets: z.boolean().optional(),
});

export const passkeyRoutes: Route[] = [
  {
    method: 'GET',
    path: '/account/passkeys',
    permission: 'factorEnrolment',
    handler: async (ctx) => ({
      status: 200,
      body: passkeysPage(
        ctx,
        await passkeysOf(ctx.deps, ctx.actor),
        ctx.url.searchParams.has('added') ? ctx.t.passkeys.addedInfo : ctx.url.searchParams.has('removed') ? ctx.t.passkeys.removedInfo : undefined,
      ),
    }),
  },
  {
    method: 'POST',
    path: '/account/passkeys/options',
    permission: 'factorEnrolment',
    handler: async (ctx) => json(200, await registrationOptions(ctx.deps, ctx.actor, relyingParty(ctx.deps, ctx.headers.host))),
  },
  {
    method: 'POST',
    path: '/account/passkeys',
    permission: 'factorEnrolment',
    handler: async (ctx) => {
      const parsed = ceremonySchema.safeParse(await ctx.json());
      if (!parsed.success) throw new HttpError(400, 'badRequest');
      const ok = await finishRegistration(
        ctx.deps,
        ctx.actor,
        relyingParty(ctx.deps, ctx.headers.host),
        parsed.data.challengeId,
        parsed.data.response as never,
      );
      return json(ok ? 200 : 400, { ok });
    },
  },
  {
    method: 'POST',
    path: '/account/passkeys/:id/delete',
    permission: 'factorEnrolment',
    handler: async (ctx) => {
      const id = ctx.params.id;
      if (!id) throw new NotFound();
      await removePasskey(ctx.deps, ctx.actor, id);
      return redirect('/account/passkeys?removed=1');
    },
  },
  {
    method: 'POST',
    path: '/sign-in/passkey/options',
    permission: 'public',
    handler: async (ctx) => {
      try {
        return json(200, await authenticationOptions(ctx.deps, relyingParty(ctx.deps, ctx.headers.host), ctx.ip));
      } catch (e) {
        if (!(e instanceof RateLimited)) throw e;
        // Limited per network address: the page's script shows how many minutes to wait, as the password sign-in says.
        return json(429, { error: 'tooMany', message: signInWaitText(ctx, e) }, { 'retry-after': String(e.retryAfterSeconds) });
      }
    },
  },
  {
    method: 'POST',
    path: '/sign-in/passkey',
    permission: 'public',
    handler: async (ctx) => {
      const parsed = ceremonySchema.safeParse(await ctx.json());
      if (!parsed.success) throw new HttpError(400, 'badRequest');
      const result = await signInWithPasskey(
        ctx.deps,
        ctx.actor,
        relyingParty(ctx.deps, ctx.headers.host),
        parsed.data.challengeId,
        parsed.data.response as never,
      );
      if (!result.ok) return json(401, { ok: false });
      setSessionCookie(ctx, result.token);
      return json(200, {
        ok: true,
        next: result.accountKind === 'citizen' ? landingWithDeviceSheets(parsed.data.deviceSheets === true, HOME_PATH) : HOME_PATH,
      });
    },
  },
];
