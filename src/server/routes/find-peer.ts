import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam, isUuid, publicOrigin } from '../http/params.ts';
import { HttpError } from '../http/body.ts';
import { redirect } from '../http/app.ts';
import { checkbox, formInput, uuid, type InputFailure } from '../http/input.ts';
import { can } from '../policy/policy.ts';
import { CONSENT_VERSION } from '../services/peer-links.ts';
import {
  acceptOffer,
  askForPeer,
  closePeerRequest,
  declineOffer,
  myPeerRequest,
  offerPeer,
  offerToEdit,
  peerOffers,
  publishedOffer,
  requestToAnswer,
  requestsToMyOrganisation,
  saveOffer,
  type RequestRef,
} from '../services/peer-requests.ts';
import { askedPage, askPage, findPeerPage, offerEditPage, requestForCoordinatorPage, requestPage, requestsPage } from '../views/pages/find-peer.ts';
import { choicesOf, sheetChoicesForm } from './peer.ts';

// Finding a peer: the public page, asking an organisation (with or without an account), the
// citizen's answer by private link or in the account, and the coordinator's side.

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A request is named by its private link's token, or (signed in, the citizen's own) by its id. */
function refParam(ctx: RequestContext): RequestRef {
  const ref = ctx.params.ref ?? '';
  if (isUuid(ref)) return { id: ref };
  if (TOKEN.test(ref)) return { token: ref };
  throw new HttpError(404, 'notFound');
}

const signedInCitizen = (ctx: RequestContext) => ctx.actor.kind === 'user' && can(ctx.actor, 'citizen.act');

const askForm = z.object({
  wish: z.string().trim().min(1, 'findPeer.wishMissing').max(1000, 'findPeer.wishTooLong'),
  contactName: z.string().trim().max(200, 'findPeer.contactTooLong').default(''),
  contactHow: z.string().trim().max(200, 'findPeer.contactTooLong').default(''),
  answerInApp: checkbox,
});

const offerForm = z.object({
  place: z.string().trim().min(1, 'findPeer.offerMissing').max(500, 'findPeer.offerTooLong'),
  howToMeet: z.string().trim().min(1, 'findPeer.offerMissing').max(500, 'findPeer.offerTooLong'),
  format: z.enum(['individual', 'group', 'both'], 'findPeer.offerMissing'),
  published: checkbox,
});

const acceptForm = z.object({
  consent: z.preprocess((v) => v === 'yes', z.boolean()),
  wordingVersion: z.string().default(''),
  ...sheetChoicesForm,
});

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

async function showRequest(ctx: RequestContext, status: number, extra: { info?: string; missing?: boolean } = {}) {
  const ref = refParam(ctx);
  const { request, statements } = await myPeerRequest(ctx.deps, ctx.actor, ref, ctx.ip);
  const path = `/peers/answer/${'token' in ref ? ref.token : ref.id}`;
  return {
    status,
    body: requestPage(ctx, { request, path, statements, consentVersion: CONSENT_VERSION, signedInCitizen: signedInCitizen(ctx), ...extra }),
  };
}

export const findPeerRoutes: Route[] = [
  { method: 'GET', path: '/peers', permission: 'public', handler: async (ctx) => ({ status: 200, body: findPeerPage(ctx, await peerOffers(ctx.deps)) }) },
  {
    method: 'GET',
    path: '/peers/ask/:orgId',
    permission: 'public',
    handler: async (ctx) => ({
      status: 200,
      body: askPage(ctx, await publishedOffer(ctx.deps, idParam(ctx, 'orgId')), { signedInCitizen: signedInCitizen(ctx) }),
    }),
  },
  route({
    method: 'POST',
    path: '/peers/ask/:orgId',
    permission: 'public',
    input: formInput(askForm),
    invalid: async (ctx, failure: InputFailure) => ({
      status: 400,
      body: askPage(ctx, await publishedOffer(ctx.deps, idParam(ctx, 'orgId')), {
        signedInCitizen: signedInCitizen(ctx),
        errors: failure.errors,
        values: {
          wish: first(failure.values.wish),
          contactName: first(failure.values.contactName),
          contactHow: first(failure.values.contactHow),
          answerInApp: failure.values.answerInApp !== undefined,
        },
      }),
    }),
    handler: async (ctx) => {
      const result = await askForPeer(ctx.deps, ctx.actor, idParam(ctx, 'orgId'), ctx.input, ctx.ip);
      const link = result.kind === 'link' ? `${publicOrigin(ctx)}/peers/answer/${result.token}` : null;
      return { status: 201, body: askedPage(ctx, { link }) };
    },
  }),
  {
    method: 'GET',
    path: '/peers/answer/:ref',
    permission: 'public',
    handler: async (ctx) => showRequest(ctx, 200, ctx.url.searchParams.has('declined') ? { info: ctx.t.findPeer.declined } : {}),
  },
  route({
    method: 'POST',
    path: '/peers/answer/:ref/accept',
    permission: 'citizen',
    input: formInput(acceptForm),
    handler: async (ctx) => {
      const { consent, wordingVersion } = ctx.input;
      const result = await acceptOffer(ctx.deps, ctx.actor, refParam(ctx), { given: consent, wordingVersion }, choicesOf(ctx.input));
      if (result.ok) return redirect('/account/peers?linked=1');
      if (result.reason === 'noConsent') return showRequest(ctx, 400, { missing: true });
      return showRequest(ctx, 409, { info: ctx.t.findPeer.notWaiting });
    },
  }),
  {
    method: 'POST',
    path: '/peers/answer/:ref/decline',
    permission: 'public',
    handler: async (ctx) => {
      const ref = refParam(ctx);
      const declined = await declineOffer(ctx.deps, ctx.actor, ref, ctx.ip);
      return redirect(`/peers/answer/${'token' in ref ? ref.token : ref.id}${declined ? '?declined=1' : ''}`);
    },
  },
  // The coordinator's side.
  {
    method: 'GET',
    path: '/organisation/:orgId/peer-offer',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const { organisationName, offer } = await offerToEdit(ctx.deps, ctx.actor, orgId);
      const values = offer
        ? { place: offer.place, howToMeet: offer.howToMeet, format: offer.format, published: offer.published }
        : { place: '', howToMeet: '', format: '', published: true };
      const info = ctx.url.searchParams.has('saved') ? ctx.t.findPeer.offerSaved : undefined;
      return { status: 200, body: offerEditPage(ctx, orgId, { organisationName, values, ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/peer-offer',
    permission: 'organisationManager',
    input: formInput(offerForm),
    invalid: async (ctx, failure) => {
      const orgId = idParam(ctx, 'orgId');
      const { organisationName } = await offerToEdit(ctx.deps, ctx.actor, orgId);
      const values = {
        place: first(failure.values.place),
        howToMeet: first(failure.values.howToMeet),
        format: first(failure.values.format),
        published: failure.values.published !== undefined,
      };
      return { status: 400, body: offerEditPage(ctx, orgId, { organisationName, values, errors: failure.errors }) };
    },
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      await saveOffer(ctx.deps, ctx.actor, orgId, ctx.input);
      return redirect(`/organisation/${orgId}/peer-offer?saved=1`);
    },
  }),
  {
    method: 'GET',
    path: '/organisation/:orgId/peer-requests',
    permission: 'coordinator',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      return { status: 200, body: requestsPage(ctx, orgId, await requestsToMyOrganisation(ctx.deps, ctx.actor, orgId)) };
    },
  },
  {
    method: 'GET',
    path: '/organisation/:orgId/peer-requests/:requestId',
    permission: 'coordinator',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const data = await requestToAnswer(ctx.deps, ctx.actor, orgId, idParam(ctx, 'requestId'));
      const info = ctx.url.searchParams.has('offered') ? ctx.t.findPeer.offered : ctx.url.searchParams.has('closed') ? ctx.t.findPeer.closed : undefined;
      return { status: 200, body: requestForCoordinatorPage(ctx, orgId, { ...data, ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/organisation/:orgId/peer-requests/:requestId/offer',
    permission: 'coordinator',
    input: formInput(z.object({ peerId: uuid })),
    invalid: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const data = await requestToAnswer(ctx.deps, ctx.actor, orgId, idParam(ctx, 'requestId'));
      return { status: 400, body: requestForCoordinatorPage(ctx, orgId, { ...data, errors: { peerId: ctx.t.findPeer.offerPeer } }) };
    },
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const requestId = idParam(ctx, 'requestId');
      await offerPeer(ctx.deps, ctx.actor, orgId, requestId, ctx.input.peerId);
      return redirect(`/organisation/${orgId}/peer-requests/${requestId}?offered=1`);
    },
  }),
  {
    method: 'POST',
    path: '/organisation/:orgId/peer-requests/:requestId/close',
    permission: 'coordinator',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const requestId = idParam(ctx, 'requestId');
      await closePeerRequest(ctx.deps, ctx.actor, orgId, requestId);
      return redirect(`/organisation/${orgId}/peer-requests/${requestId}?closed=1`);
    },
  },
];
