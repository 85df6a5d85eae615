import { z } from 'zod';
import { idParam } from '../http/params.ts';
import { route, type Route } from '../http/types.ts';
import { formInput, many, uuid } from '../http/input.ts';
import { redirect } from '../http/app.ts';
import { setRoundParticipants } from '../services/evaluation/rounds.ts';
import { answerInvitation, invitationsOverview, inviteOrganisation, leaveRound, withdrawInvitation } from '../services/evaluation/round-invitations.ts';
import { invitationsPage } from '../views/pages/round-invitations.ts';

// Rounds across organisations by consent: the owner chooses sites and peers and invites; the
// invited organisation's coordinator says yes or no, and can leave later. Every id posted is
// checked by the service against the organisations that take part.

const participantsForm = z.object({
  siteIds: many(uuid).pipe(z.array(z.string()).max(500)),
  peerIds: many(uuid).pipe(z.array(z.string()).max(5000)),
});

const inviteForm = z.object({ organisationId: uuid });

const invitationsOf = (orgId: string) => `/organisation/${orgId}/evaluation/invitations`;

export const roundInvitationRoutes: Route[] = [
  {
    method: 'GET',
    path: '/organisation/:orgId/evaluation/invitations',
    permission: 'organisationManager',
    handler: async (ctx) => ({ status: 200, body: invitationsPage(ctx, await invitationsOverview(ctx.deps, ctx.actor, idParam(ctx, 'orgId'))) }),
  },
  route({
    method: 'POST',
    path: '/rounds/:roundId/participants',
    permission: 'organisationManager',
    input: formInput(participantsForm),
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      await setRoundParticipants(ctx.deps, ctx.actor, roundId, ctx.input);
      return redirect(`/rounds/${roundId}`);
    },
  }),
  route({
    method: 'POST',
    path: '/rounds/:roundId/invitations',
    permission: 'organisationManager',
    input: formInput(inviteForm),
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      await inviteOrganisation(ctx.deps, ctx.actor, roundId, ctx.input.organisationId);
      return redirect(`/rounds/${roundId}`);
    },
  }),
  {
    method: 'POST',
    path: '/rounds/:roundId/invitations/:orgId/withdraw',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const roundId = idParam(ctx, 'roundId');
      await withdrawInvitation(ctx.deps, ctx.actor, roundId, idParam(ctx, 'orgId'));
      return redirect(`/rounds/${roundId}`);
    },
  },
  // Saying yes and saying no are the same request to a different address.
  ...(['accept', 'decline'] as const).map(
    (answer): Route => ({
      method: 'POST',
      path: `/rounds/:roundId/invitations/:orgId/${answer}`,
      permission: 'organisationManager',
      handler: async (ctx) => {
        const orgId = idParam(ctx, 'orgId');
        await answerInvitation(ctx.deps, ctx.actor, idParam(ctx, 'roundId'), orgId, answer);
        return redirect(invitationsOf(orgId));
      },
    }),
  ),
  {
    method: 'POST',
    path: '/rounds/:roundId/organisations/:orgId/leave',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      await leaveRound(ctx.deps, ctx.actor, idParam(ctx, 'roundId'), orgId);
      return redirect(invitationsOf(orgId));
    },
  },
];
