import type { RequestContext, Route } from '../http/types.ts';
import { idParam, isUuid, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { NotFound } from '../errors.ts';
import { HttpError } from '../http/body.ts';
import type { Errors } from '../views/components.ts';
import { acceptPeerInvitation, CONSENT_VERSION, createPeerInvitation, myPeers, peerCitizens, previewPeerInvitation, requireLinkedCitizen, setWritingTogether, withdrawConsent } from '../services/peer-links.ts';
import { addReflection, figuresOf, logSession, mySessions, notesSharedWithMe, reflectionSchema, reflectionsFor, removeMember, sessionInputSchema, upcomingMeetingsOfLinked, volunteerCounts } from '../services/peer-practice.ts';
import { authorshipTrail, decideSuggestion, suggest, suggestionsFor } from '../services/suggestions.ts';
import { openStatement, statementsOfLinkedCitizen } from '../services/statements.ts';
import { organisationOverview } from '../services/organisations.ts';
import { findUserById } from '../repositories/users.ts';
import {
  authorshipPage,
  citizenSuggestionsPage,
  consentPage,
  linkCodePage,
  myPeersPage,
  peerCitizenPage,
  peerOverviewPage,
  peerStatementPage,
  reflectionsPage,
  sessionsPage,
  summaryPage,
  volunteersPage,
  type Period,
  type SessionFormValues,
} from '../views/pages/peer.ts';
import { qrSvg } from './accounts.ts';
import { requireCitizen, requireSignedIn } from '../policy/legacy.ts';
import { html } from '../views/html.ts';

/** The chosen period from the query, defaulting to the last 90 days. */
function periodOf(ctx: RequestContext): Period {
  const today = ctx.deps.now().toISOString().slice(0, 10);
  const ninetyDaysAgo = new Date(ctx.deps.now().getTime() - 90 * 24 * 3600_000).toISOString().slice(0, 10);
  const valid = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null);
  const from = valid(ctx.url.searchParams.get('from')) ?? ninetyDaysAgo;
  const to = valid(ctx.url.searchParams.get('to')) ?? today;
  return from <= to ? { from, to } : { from: to, to: from };
}

function peerOrganisations(ctx: RequestContext): { id: string; name: string }[] {
  if (ctx.actor.kind !== 'user') return [];
  return ctx.actor.memberships.filter((m) => m.role === 'peer').map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

async function overview(ctx: RequestContext, invite?: { code: string; expiresAt: Date }) {
  const period = periodOf(ctx);
  const citizens = await peerCitizens(ctx.deps, ctx.actor);
  const sessions = await mySessions(ctx.deps, ctx.actor, period);
  const recent = await mySessions(ctx.deps, ctx.actor, { from: '2000-01-01', to: ctx.deps.now().toISOString().slice(0, 10) });
  const upcoming = await upcomingMeetingsOfLinked(ctx.deps, ctx.actor, citizens.map((c) => c.citizen_id));
  const inviteView = invite ? { ...invite, url: `${publicOrigin(ctx)}/link?code=${invite.code}`, qrSvg: await qrSvg(`${publicOrigin(ctx)}/link?code=${invite.code}`, ctx.t.peer.inviteQr) } : undefined;
  return peerOverviewPage(ctx, { citizens, upcoming, recent, figures: figuresOf(sessions, citizens.length), period, organisations: peerOrganisations(ctx), ...(inviteView ? { invite: inviteView } : {}) });
}

function sessionValues(form: { string(n: string): string; all(n: string): string[]; has(n: string): boolean }): SessionFormValues {
  return {
    organisationId: form.string('organisationId'),
    occurredOn: form.string('occurredOn'),
    durationMinutes: form.string('durationMinutes'),
    format: form.string('format'),
    participants: form.string('participants'),
    kind: form.string('kind'),
    themes: form.all('themes'),
    statementWorked: form.has('statementWorked'),
    citizenId: form.string('citizenId'),
    note: form.string('note'),
    noteShared: form.has('noteShared'),
  };
}

export const peerRoutes: Route[] = [
  { method: 'GET', path: '/peer', permission: 'peer', handler: async (ctx) => ({ status: 200, body: await overview(ctx) }) },
  {
    method: 'POST',
    path: '/peer/invitations',
    permission: 'peer',
    handler: async (ctx) => {
      const form = await ctx.form();
      const orgId = form.string('organisationId');
      if (!isUuid(orgId)) throw new HttpError(400, 'badRequest');
      const invite = await createPeerInvitation(ctx.deps, ctx.actor, orgId);
      return { status: 201, body: await overview(ctx, invite) };
    },
  },
  {
    method: 'GET',
    path: '/peer/citizens/:citizenId',
    permission: 'peer',
    handler: async (ctx) => {
      const citizenId = idParam(ctx, 'citizenId');
      await requireLinkedCitizen(ctx.deps, ctx.actor, citizenId);
      const citizen = await findUserById(ctx.deps.db, citizenId);
      if (!citizen) throw new NotFound();
      return { status: 200, body: peerCitizenPage(ctx, citizen.chosen_name, await statementsOfLinkedCitizen(ctx.deps, ctx.actor, citizenId)) };
    },
  },
  {
    method: 'GET',
    path: '/peer/statements/:id',
    permission: 'peer',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const statement = await openStatement(ctx.deps, ctx.actor, id, 'read', 'suggest');
      const info = ctx.url.searchParams.has('suggested') ? ctx.t.suggestions.suggested : undefined;
      return { status: 200, body: peerStatementPage(ctx, statement, await suggestionsFor(ctx.deps, ctx.actor, id, 'all'), info ? { info } : {}) };
    },
  },
  {
    method: 'POST',
    path: '/peer/statements/:id/suggestions',
    permission: 'peer',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const form = await ctx.form();
      const values = { fieldKey: form.string('fieldKey'), text: form.string('text') };
      const result = await suggest(ctx.deps, ctx.actor, id, values.fieldKey, values.text);
      if (!result.ok) {
        const statement = await openStatement(ctx.deps, ctx.actor, id, 'read', 'suggest');
        const errors: Errors = { text: ctx.t.suggestions[result.reason] };
        return { status: result.reason === 'unknownPart' ? 409 : 400, body: peerStatementPage(ctx, statement, await suggestionsFor(ctx.deps, ctx.actor, id, 'all'), { errors, values }) };
      }
      return redirect(`/peer/statements/${id}?suggested=1`);
    },
  },
  {
    method: 'GET',
    path: '/peer/sessions',
    permission: 'peer',
    handler: async (ctx) => {
      const sessions = await mySessions(ctx.deps, ctx.actor, periodOf(ctx));
      const info = ctx.url.searchParams.has('saved') ? html`${ctx.t.sessions.saved} <a href="/peer/questionnaire">${ctx.t.sessions.questionnaireLink}</a>` : undefined;
      return { status: 200, body: sessionsPage(ctx, { sessions, citizens: await peerCitizens(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/peer/sessions',
    permission: 'peer',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values = sessionValues(form);
      const format = values.format === 'group' ? 'group' : 'individual';
      const participants = format === 'individual' ? 1 : Number(values.participants);
      const parsed = sessionInputSchema.safeParse({
        organisationId: values.organisationId,
        occurredOn: values.occurredOn,
        durationMinutes: Number(values.durationMinutes),
        format,
        participants,
        kind: values.kind,
        themes: values.themes,
        statementWorked: values.statementWorked,
        citizenId: values.citizenId || null,
        note: values.note ?? '',
        noteShared: values.noteShared,
      });
      const errors: Errors = {};
      const today = ctx.deps.now().toISOString().slice(0, 10);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const key = String(issue.path[0]);
          if (key === 'durationMinutes') errors.durationMinutes = ctx.t.sessions.durationInvalid;
          else if (key === 'participants') errors.participants = ctx.t.sessions.participantsInvalid;
          else if (key === 'occurredOn') errors.occurredOn = ctx.t.sessions.dateInvalid;
          else if (key === 'note') errors.note = ctx.t.form.tooLong(5000, (values.note ?? '').length);
          else errors[key] = ctx.t.errors.badRequest;
        }
      } else if (parsed.data.occurredOn > today) errors.occurredOn = ctx.t.sessions.dateInvalid;
      if (!parsed.success || Object.keys(errors).length) {
        const sessions = await mySessions(ctx.deps, ctx.actor, periodOf(ctx));
        return { status: 400, body: sessionsPage(ctx, { sessions, citizens: await peerCitizens(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), values, errors }) };
      }
      await logSession(ctx.deps, ctx.actor, parsed.data);
      return redirect('/peer/sessions?saved=1');
    },
  },
  {
    method: 'GET',
    path: '/peer/reflections',
    permission: 'peer',
    handler: async (ctx) => {
      const info = ctx.url.searchParams.has('saved') ? ctx.t.reflections.saved : undefined;
      return { status: 200, body: reflectionsPage(ctx, { reflections: await reflectionsFor(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/peer/reflections',
    permission: 'peer',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values = { organisationId: form.string('organisationId'), writtenOn: form.string('writtenOn'), tried: form.string('tried'), happened: form.string('happened'), learned: form.string('learned') };
      const parsed = reflectionSchema.safeParse({ ...values, shared: form.has('shared') });
      if (!parsed.success || !(parsed.data.tried || parsed.data.happened || parsed.data.learned)) {
        return { status: 400, body: reflectionsPage(ctx, { reflections: await reflectionsFor(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), values, errors: { tried: ctx.t.reflections.empty } }) };
      }
      await addReflection(ctx.deps, ctx.actor, parsed.data);
      return redirect('/peer/reflections?saved=1');
    },
  },
  {
    method: 'GET',
    path: '/peer/summary',
    permission: 'peer',
    handler: async (ctx) => {
      requireSignedIn(ctx.actor);
      const period = periodOf(ctx);
      const citizens = await peerCitizens(ctx.deps, ctx.actor);
      const figures = figuresOf(await mySessions(ctx.deps, ctx.actor, period), citizens.length);
      return { status: 200, body: summaryPage(ctx, { peerName: ctx.actor.chosenName, organisations: peerOrganisations(ctx).map((o) => o.name), period, figures }) };
    },
  },
  // The citizen's side.
  {
    method: 'GET',
    path: '/link',
    permission: 'citizen',
    handler: async (ctx) => {
      const code = ctx.url.searchParams.get('code');
      if (!code) return { status: 200, body: linkCodePage(ctx) };
      const preview = await previewPeerInvitation(ctx.deps, ctx.actor, code, ctx.ip);
      if (!preview.ok) return { status: 404, body: linkCodePage(ctx, { code, invalid: true }) };
      return { status: 200, body: consentPage(ctx, { code: preview.code, peerName: preview.peerName, organisationName: preview.organisationName, version: CONSENT_VERSION }) };
    },
  },
  {
    method: 'POST',
    path: '/link',
    permission: 'citizen',
    handler: async (ctx) => {
      const form = await ctx.form();
      const code = form.string('code');
      const result = await acceptPeerInvitation(ctx.deps, ctx.actor, code, { given: form.get('consent') === 'yes', wordingVersion: form.string('wordingVersion') }, ctx.ip);
      if (result.ok) return redirect('/account/peers?linked=1');
      if (result.reason === 'noConsent') {
        const preview = await previewPeerInvitation(ctx.deps, ctx.actor, code, ctx.ip);
        if (preview.ok) return { status: 400, body: consentPage(ctx, { code: preview.code, peerName: preview.peerName, organisationName: preview.organisationName, version: CONSENT_VERSION, missing: true }) };
      }
      return { status: 404, body: linkCodePage(ctx, { code, invalid: true }) };
    },
  },
  {
    method: 'GET',
    path: '/account/peers',
    permission: 'citizen',
    handler: async (ctx) => {
      const { links, events } = await myPeers(ctx.deps, ctx.actor);
      const notes = await notesSharedWithMe(ctx.deps, ctx.actor);
      const linked = links.find((l) => !l.withdrawn_at);
      const info = ctx.url.searchParams.has('linked') && linked ? ctx.t.link.done(linked.peer_name) : ctx.url.searchParams.has('withdrawn') ? ctx.t.link.withdrawn : undefined;
      return { status: 200, body: myPeersPage(ctx, { links, events, notes, ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/account/peers/:linkId/withdraw',
    permission: 'citizen',
    handler: async (ctx) => {
      await withdrawConsent(ctx.deps, ctx.actor, idParam(ctx, 'linkId'));
      return redirect('/account/peers?withdrawn=1');
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/suggestions',
    permission: 'citizen',
    handler: async (ctx) => {
      requireCitizen(ctx.actor);
      const id = idParam(ctx, 'id');
      const statement = await openStatement(ctx.deps, ctx.actor, id);
      const suggestions = await suggestionsFor(ctx.deps, ctx.actor, id, 'open');
      const { links } = await myPeers(ctx.deps, ctx.actor);
      const q = ctx.url.searchParams;
      const info = q.has('accepted') ? ctx.t.suggestions.accepted : q.has('rejected') ? ctx.t.suggestions.rejected : q.has('already') ? ctx.t.suggestions.already : undefined;
      return { status: 200, body: citizenSuggestionsPage(ctx, statement, suggestions, { linkedPeers: links.filter((l) => !l.withdrawn_at), ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'POST',
    path: '/statements/:id/suggestions/:suggestionId',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const form = await ctx.form();
      const d = form.get('decision');
      const decision = d === 'accept' ? { kind: 'accept' as const } : d === 'reject' ? { kind: 'reject' as const } : d === 'edit' ? { kind: 'edit' as const, text: form.string('text') } : null;
      if (!decision) throw new HttpError(400, 'badRequest');
      const result = await decideSuggestion(ctx.deps, ctx.actor, id, idParam(ctx, 'suggestionId'), decision);
      if (!result.ok && result.reason === 'tooLong') throw new HttpError(400, 'badRequest');
      if (!result.ok) return redirect(`/statements/${id}/suggestions?already=1`);
      return redirect(`/statements/${id}/suggestions?${decision.kind === 'reject' ? 'rejected' : 'accepted'}=1`);
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/authorship',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const statement = await openStatement(ctx.deps, ctx.actor, id);
      return { status: 200, body: authorshipPage(ctx, statement, await authorshipTrail(ctx.deps, ctx.actor, id)) };
    },
  },
  {
    method: 'POST',
    path: '/statements/together',
    permission: 'citizen',
    handler: async (ctx) => {
      const form = await ctx.form();
      const peerId = form.string('peerId');
      if (peerId && !isUuid(peerId)) throw new HttpError(400, 'badRequest');
      await setWritingTogether(ctx.deps, ctx.actor, peerId || null);
      const back = form.string('returnTo');
      return redirect(/^\/statements\/[0-9a-f-]{36}\/suggestions$/.test(back) ? back : '/statements');
    },
  },
  // The coordinator's side.
  {
    method: 'GET',
    path: '/organisation/:orgId/volunteers',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const period = periodOf(ctx);
      const rows = await volunteerCounts(ctx.deps, ctx.actor, orgId, period);
      const o = await organisationOverview(ctx.deps, ctx.actor, orgId);
      if (!o) throw new NotFound();
      return { status: 200, body: volunteersPage(ctx, orgId, rows, o.members.map((m) => ({ user_id: m.userId, chosen_name: m.chosenName, role: m.role })), period, ctx.url.searchParams.has('removed') ? ctx.t.volunteers.removed : undefined) };
    },
  },
  {
    method: 'POST',
    path: '/organisation/:orgId/members/:userId/remove',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      await removeMember(ctx.deps, ctx.actor, orgId, idParam(ctx, 'userId'));
      return redirect(`/organisation/${orgId}/volunteers?removed=1`);
    },
  },
];
