import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam, publicOrigin } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { checkbox, formInput, formRecord, formText, isoDate, many, uuid, wholeNumber, type InputFailure } from '../http/input.ts';
import { BadInput } from '../errors.ts';
import type { ActionLearningPhase, ChimeTheme, SessionKind } from '../db/schema.ts';
import { ACTION_LEARNING_PHASES } from '../../domain/peer/learning.ts';
import { shareReflection } from '../services/learning-groups.ts';
import {
  acceptPeerInvitation,
  changeConsent,
  CONSENT_VERSION,
  linkChoices,
  type SheetChoices,
  createPeerInvitation,
  linkedCitizen,
  previewPeerInvitation,
  setWritingTogether,
  withdrawConsent,
} from '../services/peer-links.ts';
import {
  addReflection,
  logSession,
  deleteSession,
  myPeersOverview,
  peerOverview,
  peerSummary,
  reflectionsPageData,
  removeMember,
  sessionLog,
  volunteersOverview,
  type Period,
} from '../services/peer-practice.ts';
import { CHIME_THEMES, SESSION_KINDS } from '../../domain/peer/practice.ts';
import {
  decideSuggestion,
  statementAuthorship,
  statementForPeer,
  suggest,
  suggestionsToDecide,
  suggestionToEdit,
  type Decision,
} from '../services/suggestions.ts';
import { addDays } from '../../domain/time/copenhagen.ts';
import {
  authorshipPage,
  citizenSuggestionsPage,
  suggestionEditPage,
  consentPage,
  linkCodePage,
  myPeersPage,
  peerChoicesPage,
  peerCitizenPage,
  peerOverviewPage,
  peerStatementPage,
  reflectionsPage,
  sessionsPage,
  summaryPage,
  volunteersPage,
  type SessionFormValues,
} from '../views/pages/peer.ts';
import type { Errors } from '../views/components.ts';
import { qrSvg } from './accounts.ts';
import { html } from '../views/html.ts';

/**
 * The chosen period from the query, defaulting to the last 90 days (Danish calendar days). A
 * date that does not exist (2026-02-31) is a 400 that says so, not a quietly different period.
 */
function periodOf(ctx: RequestContext): Period {
  const day = (name: 'from' | 'to'): string | null => {
    const v = ctx.url.searchParams.get(name);
    if (v === null || v === '') return null;
    if (!isoDate.safeParse(v).success) throw new BadInput({ [name]: 'errors.dateInvalid' });
    return v;
  };
  const from = day('from') ?? addDays(ctx.today, -90);
  const to = day('to') ?? ctx.today;
  return from <= to ? { from, to } : { from: to, to: from };
}

async function overview(ctx: RequestContext, invite?: { code: string; expiresAt: Date }) {
  const period = periodOf(ctx);
  const o = await peerOverview(ctx.deps, ctx.actor, period);
  const inviteUrl = invite ? `${publicOrigin(ctx)}/link?code=${invite.code}` : '';
  const inviteView = invite ? { ...invite, url: inviteUrl, qrSvg: await qrSvg(inviteUrl, ctx.t.peer.inviteQr) } : undefined;
  return peerOverviewPage(ctx, { ...o, period, ...(inviteView ? { invite: inviteView } : {}) });
}

/** A date typed into a form: any failure (missing, not a date) is the one message. */
function dateField(message: string) {
  return formText(z.string().refine((v) => isoDate.safeParse(v).success, message));
}

const DURATION_INVALID = 'sessions.durationInvalid';
const PARTICIPANTS_INVALID = 'sessions.participantsInvalid';

const sessionForm = z
  .object({
    organisationId: uuid,
    occurredOn: dateField('sessions.dateInvalid'),
    durationMinutes: wholeNumber(DURATION_INVALID).refine((n) => n >= 1 && n <= 720, DURATION_INVALID),
    // Anything but "group" is a conversation with one person.
    format: z.preprocess((v) => (v === 'group' ? 'group' : 'individual'), z.enum(['individual', 'group'])),
    participants: z.string().optional(),
    kind: z.enum(SESSION_KINDS as [SessionKind, ...SessionKind[]]),
    themes: many(z.enum(CHIME_THEMES as [ChimeTheme, ...ChimeTheme[]])).refine((themes) => themes.length <= 5),
    statementWorked: checkbox,
    citizenId: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()),
    note: z.string().max(5000).default(''),
    // "on": shared with the citizen (the form's default); "off": the peer's own note about their practice.
    noteShared: z.preprocess((v) => v === 'on', z.boolean()),
  })
  .transform((s, issues) => {
    const participants = s.format === 'individual' ? 1 : Number(s.participants);
    if (!Number.isInteger(participants) || participants > 200 || (s.format === 'group' && participants < 2)) {
      issues.addIssue({ code: 'custom', path: ['participants'], message: PARTICIPANTS_INVALID });
      return z.NEVER;
    }
    // A group session names no citizen.
    const citizenId = s.format === 'group' ? null : (s.citizenId ?? null);
    // A shared note is shared with a citizen, so it needs one; a shared empty note is no note.
    const noteShared = s.noteShared && s.note.trim() !== '';
    if (noteShared && citizenId === null) {
      issues.addIssue({ code: 'custom', path: ['noteShared'], message: 'sessions.noteNeedsCitizen' });
      return z.NEVER;
    }
    return { ...s, participants, citizenId, noteShared };
  });

/** The form as sent, one value per field, to show it again. */
function firstValues(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}

function sessionValues(values: Record<string, string | string[]>): SessionFormValues {
  const first = firstValues(values);
  const one = (name: string) => first[name] ?? '';
  const themes = values.themes;
  return {
    organisationId: one('organisationId'),
    occurredOn: one('occurredOn'),
    durationMinutes: one('durationMinutes'),
    format: one('format'),
    participants: one('participants'),
    kind: one('kind'),
    themes: Array.isArray(themes) ? themes : themes ? [themes] : [],
    statementWorked: values.statementWorked !== undefined,
    citizenId: one('citizenId'),
    note: one('note'),
    noteShared: values.noteShared === 'on',
  };
}

async function sessionsAgain(ctx: RequestContext, failure: InputFailure) {
  const data = await sessionLog(ctx.deps, ctx.actor, periodOf(ctx));
  return { status: 400, body: sessionsPage(ctx, { ...data, values: sessionValues(failure.values), errors: failure.errors }) };
}

const reflectionForm = z
  .object({
    organisationId: uuid,
    writtenOn: dateField('sessions.dateInvalid'),
    tried: z.string().trim().max(3000).default(''),
    happened: z.string().trim().max(3000).default(''),
    learned: z.string().trim().max(3000).default(''),
    // '' is "nobody but me", "no round", "no particular phase".
    groupId: z
      .union([z.literal(''), uuid], 'learning.groupInvalid')
      .default('')
      .transform((v) => v || null),
    roundId: z
      .union([z.literal(''), uuid], 'learning.roundInvalid')
      .default('')
      .transform((v) => v || null),
    phase: z
      .enum(['', ...ACTION_LEARNING_PHASES] as ['', ...ActionLearningPhase[]], 'learning.phaseInvalid')
      .default('')
      .transform((v) => v || null),
  })
  .refine((r) => r.tried || r.happened || r.learned, { path: ['tried'], message: 'reflections.empty' });

const suggestionForm = z.object({ fieldKey: z.string().default(''), text: z.string().default('') });

async function peerStatementAgain(ctx: RequestContext, statementId: string, values: Record<string, string>, errors: Errors, status: number) {
  const { statement, suggestions, maySuggest } = await statementForPeer(ctx.deps, ctx.actor, statementId);
  return { status, body: peerStatementPage(ctx, statement, suggestions, { errors, values, maySuggest }) };
}

// One form, one submit button per choice. "edit" without a text opens the edit page; the edit
// page posts "edit" with the citizen's text.
const decisionForm = z.discriminatedUnion('decision', [
  z.object({ decision: z.enum(['replace', 'add']), revision: wholeNumber() }),
  z.object({ decision: z.literal('reject') }),
  z.object({ decision: z.literal('edit'), revision: wholeNumber(), text: z.string().optional() }),
]);

const DECIDED_INFO = { replace: 'replaced', add: 'added', edit: 'edited', reject: 'rejected' } as const;

async function suggestionsAgain(ctx: RequestContext, statementId: string, status: number, problem: { changedNow?: boolean; tooLong?: boolean }) {
  const { statement, suggestions, linkedPeers } = await suggestionsToDecide(ctx.deps, ctx.actor, statementId);
  return { status, body: citizenSuggestionsPage(ctx, statement, suggestions, { linkedPeers, ...problem }) };
}

async function editAgain(
  ctx: RequestContext,
  statementId: string,
  suggestionId: string,
  text: string,
  status: number,
  problem: { error?: string; changedNow?: boolean },
) {
  const found = await suggestionToEdit(ctx.deps, ctx.actor, statementId, suggestionId);
  if (!found) return redirect(`/statements/${statementId}/suggestions?already=1`);
  return { status, body: suggestionEditPage(ctx, found.statement, found.suggestion, { start: 'suggestion', text, ...problem }) };
}

/** The sheets a peer may read ("all", or ticked sheet ids) and whether they may suggest. */
export const sheetChoicesForm = {
  sheets: many(z.union([z.literal('all'), uuid])),
  maySuggest: checkbox,
};

export function choicesOf(input: { sheets: string[]; maySuggest: boolean }): SheetChoices {
  const allSheets = input.sheets.includes('all');
  return { allSheets, sheetIds: allSheets ? [] : input.sheets.filter((s) => s !== 'all'), maySuggest: input.maySuggest };
}

const consentForm = z.object({
  code: z.string().default(''),
  consent: z.preprocess((v) => v === 'yes', z.boolean()),
  wordingVersion: z.string().default(''),
  ...sheetChoicesForm,
});

const togetherForm = z.object({
  peerId: z.union([z.literal(''), uuid]).default(''),
  returnTo: z.string().default(''),
});

export const peerRoutes: Route[] = [
  { method: 'GET', path: '/peer', permission: 'peer', handler: async (ctx) => ({ status: 200, body: await overview(ctx) }) },
  route({
    method: 'POST',
    path: '/peer/invitations',
    permission: 'peer',
    input: formInput(z.object({ organisationId: uuid })),
    handler: async (ctx) => {
      const invite = await createPeerInvitation(ctx.deps, ctx.actor, ctx.input.organisationId);
      return { status: 201, body: await overview(ctx, invite) };
    },
  }),
  {
    method: 'GET',
    path: '/peer/citizens/:citizenId',
    permission: 'peer',
    handler: async (ctx) => {
      const citizen = await linkedCitizen(ctx.deps, ctx.actor, idParam(ctx, 'citizenId'));
      return { status: 200, body: peerCitizenPage(ctx, idParam(ctx, 'citizenId'), citizen.name, citizen.statements) };
    },
  },
  {
    method: 'GET',
    path: '/peer/statements/:id',
    permission: 'peer',
    handler: async (ctx) => {
      const { statement, suggestions, maySuggest } = await statementForPeer(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      const info = ctx.url.searchParams.has('suggested') ? ctx.t.suggestions.suggested : undefined;
      return { status: 200, body: peerStatementPage(ctx, statement, suggestions, { maySuggest, ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/peer/statements/:id/suggestions',
    permission: 'peer',
    input: formInput(suggestionForm),
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const result = await suggest(ctx.deps, ctx.actor, id, ctx.input.fieldKey, ctx.input.text);
      if (!result.ok) return peerStatementAgain(ctx, id, ctx.input, { text: ctx.t.suggestions[result.reason] }, result.reason === 'unknownPart' ? 409 : 400);
      return redirect(`/peer/statements/${id}?suggested=1`);
    },
  }),
  {
    method: 'GET',
    path: '/peer/sessions',
    permission: 'peer',
    handler: async (ctx) => {
      const data = await sessionLog(ctx.deps, ctx.actor, periodOf(ctx));
      const info = ctx.url.searchParams.has('saved')
        ? html`${ctx.t.sessions.saved} <a href="/peer/questionnaire">${ctx.t.sessions.questionnaireLink}</a>`
        : ctx.url.searchParams.has('deleted')
          ? ctx.t.sessions.deleted
          : undefined;
      // From a citizen's page the form starts with that citizen chosen (one of the peer's own
      // linked citizens; anything else leaves the choice empty).
      const citizen = data.citizens.find((c) => c.citizenId === ctx.url.searchParams.get('citizen'));
      return { status: 200, body: sessionsPage(ctx, { ...data, ...(info ? { info } : {}), ...(citizen ? { values: { citizenId: citizen.citizenId } } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/peer/sessions',
    permission: 'peer',
    input: formInput(sessionForm),
    invalid: sessionsAgain,
    handler: async (ctx) => {
      try {
        await logSession(ctx.deps, ctx.actor, ctx.input);
      } catch (e) {
        // A date after today is a mistake in the form, said beside the date.
        if (e instanceof BadInput && e.fields.occurredOn)
          return sessionsAgain(ctx, { values: formRecord(await ctx.form()), errors: { occurredOn: ctx.t.sessions.dateInvalid } });
        throw e;
      }
      return redirect('/peer/sessions?saved=1');
    },
  }),
  {
    method: 'POST',
    path: '/peer/sessions/:sessionId/delete',
    permission: 'peer',
    handler: async (ctx) => {
      await deleteSession(ctx.deps, ctx.actor, idParam(ctx, 'sessionId'));
      return redirect('/peer/sessions?deleted=1');
    },
  },
  {
    method: 'GET',
    path: '/peer/reflections',
    permission: 'peer',
    handler: async (ctx) => {
      const q = ctx.url.searchParams;
      const info = q.has('saved') ? ctx.t.reflections.saved : q.has('shared') ? ctx.t.learning.shared : undefined;
      return { status: 200, body: reflectionsPage(ctx, { ...(await reflectionsPageData(ctx.deps, ctx.actor)), ...(info ? { info } : {}) }) };
    },
  },
  route({
    method: 'POST',
    path: '/peer/reflections',
    permission: 'peer',
    input: formInput(reflectionForm),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: reflectionsPage(ctx, { ...(await reflectionsPageData(ctx.deps, ctx.actor)), values: firstValues(failure.values), errors: failure.errors }),
    }),
    handler: async (ctx) => {
      try {
        await addReflection(ctx.deps, ctx.actor, ctx.input);
      } catch (e) {
        // A group one is not in, or a round of another organisation, is said beside its field.
        if (!(e instanceof BadInput) || !(e.fields.groupId || e.fields.roundId)) throw e;
        const errors: Errors = {};
        if (e.fields.groupId) errors.groupId = ctx.t.learning.groupInvalid;
        if (e.fields.roundId) errors.roundId = ctx.t.learning.roundInvalid;
        const values = firstValues(formRecord(await ctx.form()));
        return { status: 400, body: reflectionsPage(ctx, { ...(await reflectionsPageData(ctx.deps, ctx.actor)), values, errors }) };
      }
      return redirect('/peer/reflections?saved=1');
    },
  }),
  route({
    method: 'POST',
    path: '/peer/reflections/:reflectionId/share',
    permission: 'peer',
    input: formInput(z.object({ groupId: uuid })),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: reflectionsPage(ctx, { ...(await reflectionsPageData(ctx.deps, ctx.actor)), errors: failure.errors }),
    }),
    handler: async (ctx) => {
      await shareReflection(ctx.deps, ctx.actor, idParam(ctx, 'reflectionId'), ctx.input.groupId);
      return redirect('/peer/reflections?shared=1');
    },
  }),
  {
    method: 'GET',
    path: '/peer/summary',
    permission: 'peer',
    handler: async (ctx) => {
      const period = periodOf(ctx);
      return { status: 200, body: summaryPage(ctx, { ...(await peerSummary(ctx.deps, ctx.actor, period)), period }) };
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
      return {
        status: 200,
        body: consentPage(ctx, {
          code: preview.code,
          peerName: preview.peerName,
          organisationName: preview.organisationName,
          version: CONSENT_VERSION,
          statements: preview.statements,
        }),
      };
    },
  },
  route({
    method: 'POST',
    path: '/link',
    permission: 'citizen',
    input: formInput(consentForm),
    handler: async (ctx) => {
      const { code, consent, wordingVersion } = ctx.input;
      const result = await acceptPeerInvitation(ctx.deps, ctx.actor, code, { given: consent, wordingVersion }, ctx.ip, choicesOf(ctx.input));
      if (result.ok) return redirect('/account/peers?linked=1');
      if (result.reason === 'noConsent') {
        const preview = await previewPeerInvitation(ctx.deps, ctx.actor, code, ctx.ip);
        if (preview.ok)
          return {
            status: 400,
            body: consentPage(ctx, {
              code: preview.code,
              peerName: preview.peerName,
              organisationName: preview.organisationName,
              version: CONSENT_VERSION,
              statements: preview.statements,
              missing: true,
            }),
          };
      }
      return { status: 404, body: linkCodePage(ctx, { code, invalid: true }) };
    },
  }),
  {
    method: 'GET',
    path: '/account/peers',
    permission: 'citizen',
    handler: async (ctx) => {
      const peers = await myPeersOverview(ctx.deps, ctx.actor);
      const linked = peers.links.find((l) => !l.withdrawnAt);
      const info =
        ctx.url.searchParams.has('linked') && linked
          ? ctx.t.link.done(linked.peerName)
          : ctx.url.searchParams.has('withdrawn')
            ? ctx.t.link.withdrawn
            : ctx.url.searchParams.has('changed')
              ? ctx.t.link.changed
              : undefined;
      return { status: 200, body: myPeersPage(ctx, { ...peers, ...(info ? { info } : {}) }) };
    },
  },
  {
    method: 'GET',
    path: '/account/peers/:linkId',
    permission: 'citizen',
    handler: async (ctx) => {
      const { link, statements } = await linkChoices(ctx.deps, ctx.actor, idParam(ctx, 'linkId'));
      return { status: 200, body: peerChoicesPage(ctx, link, statements) };
    },
  },
  route({
    method: 'POST',
    path: '/account/peers/:linkId',
    permission: 'citizen',
    input: formInput(z.object(sheetChoicesForm)),
    handler: async (ctx) => {
      await changeConsent(ctx.deps, ctx.actor, idParam(ctx, 'linkId'), choicesOf(ctx.input));
      return redirect('/account/peers?changed=1');
    },
  }),
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
      const { statement, suggestions, linkedPeers } = await suggestionsToDecide(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      const q = ctx.url.searchParams;
      const said = (['replaced', 'added', 'edited', 'rejected', 'already'] as const).find((k) => q.has(k));
      return { status: 200, body: citizenSuggestionsPage(ctx, statement, suggestions, { linkedPeers, ...(said ? { info: ctx.t.suggestions[said] } : {}) }) };
    },
  },
  {
    method: 'GET',
    path: '/statements/:id/suggestions/:suggestionId/edit',
    permission: 'citizen',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const found = await suggestionToEdit(ctx.deps, ctx.actor, id, idParam(ctx, 'suggestionId'));
      if (!found) return redirect(`/statements/${id}/suggestions?already=1`);
      const start = ctx.url.searchParams.get('start') === 'both' ? 'both' : 'suggestion';
      return { status: 200, body: suggestionEditPage(ctx, found.statement, found.suggestion, { start }) };
    },
  },
  route({
    method: 'POST',
    path: '/statements/:id/suggestions/:suggestionId',
    permission: 'citizen',
    input: formInput(decisionForm),
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const suggestionId = idParam(ctx, 'suggestionId');
      const input = ctx.input;
      if (input.decision === 'edit' && input.text === undefined) return redirect(`/statements/${id}/suggestions/${suggestionId}/edit`);
      const decision: Decision =
        input.decision === 'reject'
          ? { kind: 'reject' }
          : input.decision === 'edit'
            ? { kind: 'edit', text: input.text ?? '', revision: input.revision }
            : { kind: input.decision, revision: input.revision };
      const result = await decideSuggestion(ctx.deps, ctx.actor, id, suggestionId, decision);
      if (result.ok) return redirect(`/statements/${id}/suggestions?${DECIDED_INFO[decision.kind]}=1`);
      if (result.reason === 'alreadyDecided') return redirect(`/statements/${id}/suggestions?already=1`);
      if (decision.kind === 'edit') {
        if (result.reason === 'changed') return editAgain(ctx, id, suggestionId, decision.text, 409, { changedNow: true });
        return editAgain(ctx, id, suggestionId, decision.text, 400, {
          error: result.reason === 'empty' ? ctx.t.suggestions.editEmpty : ctx.t.suggestions.editTooLong,
        });
      }
      // Someone saved the sheet after the page was shown: both texts again, never a silent overwrite.
      return suggestionsAgain(ctx, id, result.reason === 'changed' ? 409 : 400, result.reason === 'changed' ? { changedNow: true } : { tooLong: true });
    },
  }),
  {
    method: 'GET',
    path: '/statements/:id/authorship',
    permission: 'citizen',
    handler: async (ctx) => {
      const { statement, trail } = await statementAuthorship(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      return { status: 200, body: authorshipPage(ctx, statement, trail) };
    },
  },
  route({
    method: 'POST',
    path: '/statements/together',
    permission: 'citizen',
    input: formInput(togetherForm),
    handler: async (ctx) => {
      await setWritingTogether(ctx.deps, ctx.actor, ctx.input.peerId || null);
      const back = ctx.input.returnTo;
      return redirect(/^\/statements\/[0-9a-f-]{36}\/suggestions$/.test(back) ? back : '/statements');
    },
  }),
  // The coordinator's side.
  {
    method: 'GET',
    path: '/organisation/:orgId/volunteers',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const orgId = idParam(ctx, 'orgId');
      const period = periodOf(ctx);
      const { counts, peers } = await volunteersOverview(ctx.deps, ctx.actor, orgId, period);
      return {
        status: 200,
        body: volunteersPage(ctx, orgId, counts, peers, period, ctx.url.searchParams.has('removed') ? ctx.t.volunteers.removed : undefined),
      };
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
