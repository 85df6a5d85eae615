import yazl from 'yazl';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { AccessDenied } from '../errors.ts';
import { eraseUser, findUserById } from '../repositories/users.ts';
import { auditOfPerson } from '../repositories/audit.ts';
import { unlinkVotes } from '../repositories/evaluation/polls.ts';
import { confirmIdentity } from './reauthentication.ts';
import { useCase, withoutAudit } from './use-case.ts';
import { signInFailuresKey } from './accounts.ts';
import { listStatements, statementWithVersions, type OpenStatement } from './statements.ts';
import { listMeetings, meetingSnapshots, openMeeting, type FollowUpContent } from './meetings.ts';
import { recordErasure } from '../repositories/erasure-ledger.ts';
import { reclaimErasedSpace } from './erasure.ts';
import { myPeers } from './peer-links.ts';
import { myPeerRequests } from './peer-requests.ts';
import { myNotes } from './guides.ts';
import { notesSharedWithMe, sessionsAboutMe } from './peer-practice.ts';
import { suggestionsAndAuthorship } from './suggestions.ts';
import { reminderEmailOf } from './reminders.ts';
import { passkeysOf } from './passkeys.ts';
import { signInsHeldFor } from './sessions.ts';
import { keptFormsOf } from './kept-forms.ts';
import { myAnswers, type MyAnswerItem } from './evaluation/responses.ts';
import { myVotes, voterFingerprintsOf, type MyVote } from './evaluation/polls.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { pdfLayouts } from '../pdf-layouts.ts';
import { statementView, type StatementView } from '../../domain/sheets/compose.ts';
import type { StatementAnswers } from '../../domain/sheets/answers.ts';
import type { SheetTemplate } from '../../domain/sheets/template-schema.ts';
import type { DecisionRecord } from '../../domain/decisions/record.ts';
import type { ChimeTheme, Locale, SessionKind } from '../db/schema.ts';

// "My data": everything the installation holds about the person, read through the same services
// (access checks and log rows) as the pages that show it. The JSON is the complete record; the
// summary page says the same in words, in the person's language, for reading and printing.
// Times are ISO 8601 in UTC.

/** One line of the log, as the person's export holds it. */
export interface ExportedLogEntry {
  id: string;
  at: string;
  /** self, staff, link, anonymous, system, peer or admin. */
  actor: string;
  /** The name of who acted; never for someone with a link. */
  actorName: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
}

export interface ExportedStatement {
  id: string;
  purpose: string;
  template: { key: string; version: number; title: string };
  revision: number;
  updatedAt: string;
  answers: StatementAnswers;
  versions: { id: string; revision: number; savedAt: string; byOwner: boolean; answers: StatementAnswers }[];
  suggestions: {
    id: string;
    /** The part of the sheet, as the sheet names it. */
    part: string;
    fieldKey: string;
    from: string;
    text: string;
    status: string;
    finalText: string | null;
    createdAt: string;
    decidedAt: string | null;
  }[];
  authorship: { id: string; part: string; fieldKey: string; kind: string; by: string; with: string; excerpt: string; at: string }[];
}

export interface ExportedMeeting {
  id: string;
  startsAt: string;
  withWhom: string;
  purpose: string;
  statementId: string | null;
  /** What was frozen to bring: the current copy, and those it replaced. */
  snapshots: { id: string; frozenAt: string; purpose: string; answers: StatementAnswers; current: boolean }[];
  shares: {
    id: string;
    createdAt: string;
    expiresAt: string;
    revokedAt: string | null;
    allowPlan: boolean;
    /** For a professional, or for a relative or bisidder (who may comment when allowComment). */
    kind: 'professional' | 'support';
    allowComment: boolean;
    recipient: string | null;
    /** Who opened the link, and when. */
    views: { at: string; who: string; name: string | null; action: string }[];
  }[];
  followUp: ({ id: string; updatedAt: string; withPeer: boolean } & FollowUpContent) | null;
  /** A free-text plan from before decision records. */
  plan: { id: string; text: string; author: string; updatedAt: string } | null;
  /** What relatives and bisidders wrote on the meeting. */
  supportComments: { id: string; author: string; text: string; writtenAt: string }[];
  /** Between meetings: every mark on each decision (and the first small step), oldest first. */
  progress: { decisionId: string; what: string; marks: { id: string; status: string; note: string; at: string }[] }[];
  /** How close to their own goal the citizen said they were, every time, oldest first. */
  goalRatings: { id: string; score: number; at: string }[];
  /** The decision record, every version (newest first), each with who wrote it. */
  decisions: { id: string; revision: number; by: 'citizen' | 'professional'; name: string; at: string; record: DecisionRecord }[];
}

export interface MyDataExport {
  format: 'egneord-my-data';
  version: 2;
  exportedAt: string;
  account: {
    id: string;
    username: string;
    chosenName: string;
    createdAt: string;
    locale: Locale;
    secondFactor: boolean;
    reminderEmail: string | null;
    passkeys: { id: string; createdAt: string; lastUsedAt: string | null }[];
    /** Every sign-in still held: one that has ended (`ended`) is deleted at `expiresAt`. */
    signIns: { startedAt: string; lastSeenAt: string; expiresAt: string; current: boolean; ended: boolean; writingTogetherWith: string | null }[];
    /** What the person sent after their sign-in had ended, waiting for them at /kept. */
    keptForms: { id: string; keptAt: string; deletedAt: string; sentTo: string; fields: Record<string, string | string[]> }[];
  };
  statements: ExportedStatement[];
  meetings: ExportedMeeting[];
  consents: {
    links: {
      id: string;
      peer: string;
      organisation: string;
      consentVersion: string;
      consentedAt: string;
      withdrawnAt: string | null;
      /** What the peer may read (every sheet, or these) and whether they may suggest. */
      allSheets: boolean;
      sheetIds: string[];
      maySuggest: boolean;
    }[];
    events: { id: string; kind: string; scope: string; wordingVersion: string; at: string }[];
    /** What the person asked organisations for a peer, and what came of it. */
    requests: {
      id: string;
      organisation: string;
      wish: string;
      contactName: string;
      contactHow: string;
      answerInApp: boolean;
      status: string;
      offeredPeer: string | null;
      askedAt: string;
      answeredAt: string | null;
    }[];
  };
  /** What peers logged about sessions with the person: never the peers' own notes. */
  peerSessions: {
    id: string;
    day: string;
    peer: string | null;
    organisation: string;
    kind: SessionKind;
    format: 'individual' | 'group';
    durationMinutes: number;
    themes: ChimeTheme[];
    statementWorked: boolean;
    /** The person's own comment on the session. */
    myComment: { id: string; text: string; writtenAt: string } | null;
  }[];
  notesSharedWithMe: { id: string; day: string; peer: string; note: string }[];
  notes: { id: string; text: string; done: boolean; fromGuide: string | null }[];
  /** Identified answers, and pseudonymous ones given while signed in. Anonymous answers are nobody's. */
  surveyAnswers: {
    id: string;
    questionnaire: { key: string; version: number; title: string };
    mode: 'identified' | 'pseudonymous';
    pseudonym: string | null;
    submittedAt: string | null;
    answers: MyAnswerItem[];
  }[];
  pollVotes: MyVote[];
  accessLog: ExportedLogEntry[];
}

/** What the summary page is built from: the export, and each sheet and frozen copy in words. */
export interface MyDataSummary {
  data: MyDataExport;
  /** By statement or snapshot id. */
  readable: Record<string, StatementView>;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/** The name a sheet gives one of its parts ("summary" is the composed text at the end). */
function partName(template: SheetTemplate, fieldKey: string, locale: Locale): string {
  if (fieldKey === 'summary') return template.composition.title[locale];
  return template.steps.flatMap((s) => s.fields).find((f) => f.key === fieldKey)?.label[locale] ?? fieldKey;
}

async function exportedStatement(deps: AppDeps, actor: Actor, id: string, locale: Locale): Promise<{ statement: OpenStatement; exported: ExportedStatement }> {
  const { statement, versions } = await statementWithVersions(deps, actor, id);
  const { suggestions, trail } = await suggestionsAndAuthorship(deps, actor, id);
  const part = (key: string) => partName(statement.template, key, locale);
  return {
    statement,
    exported: {
      id: statement.id,
      purpose: statement.purpose,
      template: { key: statement.template.key, version: statement.template.version, title: statement.template.title[locale] },
      revision: statement.revision,
      updatedAt: iso(statement.updatedAt),
      answers: statement.answers,
      versions: versions.map((v) => ({ id: v.id, revision: v.revision, savedAt: iso(v.savedAt), byOwner: v.byOwner, answers: v.answers })),
      suggestions: suggestions.map((s) => ({
        id: s.id,
        part: part(s.fieldKey),
        fieldKey: s.fieldKey,
        from: s.authorName,
        text: s.text,
        status: s.status,
        finalText: s.finalText,
        createdAt: iso(s.createdAt),
        decidedAt: isoOrNull(s.decidedAt),
      })),
      authorship: trail.map((e) => ({
        id: e.id,
        part: part(e.fieldKey),
        fieldKey: e.fieldKey,
        kind: e.kind,
        by: e.authorName,
        with: e.withName,
        excerpt: e.excerpt,
        at: iso(e.at),
      })),
    },
  };
}

/**
 * Everything the system holds about the person, as a zip: the JSON, a summary page in their
 * language (`summaryPage` renders it; services do not render pages) and each sheet as a PDF.
 */
export async function exportMyData(deps: AppDeps, actor: Actor, locale: Locale, summaryPage: (summary: MyDataSummary) => string): Promise<Buffer> {
  authorize(actor, 'citizen.act');
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new AccessDenied();
  const zip = new yazl.ZipFile();
  const readable: Record<string, StatementView> = {};
  const { renderStatementPdf } = await pdfLayouts.statement();
  const pdf = (template: SheetTemplate, answers: StatementAnswers, ownerName: string) =>
    renderStatementPdf(statementPdfView(template, answers, locale, { ownerName }));

  const statements: ExportedStatement[] = [];
  for (const s of await listStatements(deps, actor)) {
    const { statement, exported } = await exportedStatement(deps, actor, s.id, locale);
    statements.push(exported);
    readable[statement.id] = statementView(statement.template, statement.answers, locale, { ownerName: statement.ownerName });
    zip.addBuffer(pdf(statement.template, statement.answers, statement.ownerName), `statements/${statement.id}.pdf`);
  }

  const meetings: ExportedMeeting[] = [];
  for (const m of await listMeetings(deps, actor)) {
    const detail = await openMeeting(deps, actor, m.id);
    const snapshots = await meetingSnapshots(deps, actor, m.id);
    for (const snap of snapshots) {
      readable[snap.id] = statementView(snap.template, snap.answers, locale, { ownerName: snap.ownerName });
      zip.addBuffer(pdf(snap.template, snap.answers, snap.ownerName), `snapshots/${snap.id}.pdf`);
    }
    const legacyPlan = detail.decisions.legacyPlan;
    meetings.push({
      id: m.id,
      startsAt: iso(m.startsAt),
      withWhom: m.withWhom,
      purpose: m.purpose,
      statementId: m.statementId,
      snapshots: snapshots.map((snap) => ({
        id: snap.id,
        frozenAt: iso(snap.createdAt),
        purpose: snap.purpose,
        answers: snap.answers,
        current: snap.id === detail.snapshot?.id,
      })),
      shares: detail.shares.map((s) => ({
        id: s.id,
        createdAt: iso(s.createdAt),
        expiresAt: iso(s.expiresAt),
        revokedAt: isoOrNull(s.revokedAt),
        allowPlan: s.allowPlan,
        kind: s.kind,
        allowComment: s.allowComment,
        recipient: s.recipient,
        views: detail.views.filter((v) => v.objectId === s.id).map((v) => ({ at: iso(v.at), who: v.who.kind, name: v.who.name ?? null, action: v.action })),
      })),
      followUp: detail.followUp
        ? { id: detail.followUp.id, updatedAt: iso(detail.followUp.updatedAt), withPeer: detail.followUp.withPeer, ...detail.followUp.content }
        : null,
      plan: legacyPlan ? { id: legacyPlan.id, text: legacyPlan.text, author: legacyPlan.author, updatedAt: iso(legacyPlan.updatedAt) } : null,
      decisions: detail.decisions.versions.map((v) => ({ ...v, at: iso(v.at) })),
      supportComments: detail.supportComments.map((c) => ({ id: c.id, author: c.authorName, text: c.text, writtenAt: iso(c.createdAt) })),
      progress: detail.progress.items.map((i) => ({
        decisionId: i.id,
        what: i.what,
        marks: i.history.map((e) => ({ id: e.id, status: e.status, note: e.note, at: iso(e.at) })),
      })),
      goalRatings: detail.progress.goalRatings.map((r) => ({ id: r.id, score: r.score, at: iso(r.at) })),
    });
  }

  const peers = await myPeers(deps, actor);
  const requests = await myPeerRequests(deps, actor);
  const sessions = await sessionsAboutMe(deps, actor);
  const sharedNotes = await notesSharedWithMe(deps, actor);
  const guideNotes = await myNotes(deps, actor);
  const answers = await myAnswers(deps, actor, locale);
  const votes = await myVotes(deps, actor);
  const email = await reminderEmailOf(deps, actor);
  const passkeys = await passkeysOf(deps, actor);
  const signIns = await signInsHeldFor(deps, actor);
  const keptForms = await keptFormsOf(deps, actor);
  // Each part above was read (and logged) by its own use case; the export itself is logged
  // before the log is read, so the file holds its own entry.
  const logRows = await useCase(deps, actor, 'account.export', async ({ tx, audit }) => {
    await audit('account.export', actor.id);
    return auditOfPerson(tx, actor.id);
  });

  const data: MyDataExport = {
    format: 'egneord-my-data',
    version: 2,
    exportedAt: iso(deps.now()),
    account: {
      id: user.id,
      username: user.username,
      chosenName: user.chosen_name,
      createdAt: iso(user.created_at),
      locale: user.locale,
      secondFactor: user.totp_secret !== null,
      reminderEmail: email || null,
      passkeys: passkeys.passkeys.map((p) => ({ id: p.id, createdAt: iso(p.createdAt), lastUsedAt: isoOrNull(p.lastUsedAt) })),
      signIns: signIns.map((s) => ({
        startedAt: iso(s.startedAt),
        lastSeenAt: iso(s.lastSeenAt),
        expiresAt: iso(s.expiresAt),
        current: s.current,
        ended: s.ended,
        writingTogetherWith: s.writingTogetherWith,
      })),
      keptForms: keptForms.map((k) => ({ id: k.id, keptAt: iso(k.keptAt), deletedAt: iso(k.expiresAt), sentTo: k.path, fields: k.fields })),
    },
    statements,
    meetings,
    consents: {
      links: peers.links.map((l) => ({
        id: l.id,
        peer: l.peerName,
        organisation: l.organisationName,
        consentVersion: l.consentVersion,
        consentedAt: iso(l.consentedAt),
        withdrawnAt: isoOrNull(l.withdrawnAt),
        allSheets: l.allSheets,
        sheetIds: l.sheetIds,
        maySuggest: l.maySuggest,
      })),
      events: peers.events.map((e) => ({ id: e.id, kind: e.kind, scope: e.scope, wordingVersion: e.wordingVersion, at: iso(e.at) })),
      requests: requests.map((r) => ({
        id: r.id,
        organisation: r.organisationName,
        wish: r.wish,
        contactName: r.contactName,
        contactHow: r.contactHow,
        answerInApp: r.answerInApp,
        status: r.status,
        offeredPeer: r.offeredPeerName,
        askedAt: iso(r.createdAt),
        answeredAt: isoOrNull(r.answeredAt),
      })),
    },
    peerSessions: sessions.map((s) => ({
      id: s.id,
      day: s.day,
      peer: s.peerName,
      organisation: s.organisationName,
      kind: s.kind,
      format: s.format,
      durationMinutes: s.durationMinutes,
      themes: s.themes,
      statementWorked: s.statementWorked,
      myComment: s.myComment ? { id: s.myComment.id, text: s.myComment.text, writtenAt: iso(s.myComment.updatedAt) } : null,
    })),
    notesSharedWithMe: sharedNotes.map((n) => ({ id: n.id, day: n.day, peer: n.peerName, note: n.note })),
    notes: guideNotes.map((n) => ({ id: n.id, text: n.text, done: n.done, fromGuide: n.guideTitle })),
    surveyAnswers: answers.map((a) => ({ ...a, submittedAt: isoOrNull(a.submittedAt) })),
    pollVotes: votes,
    accessLog: logRows.map((r) => ({
      id: String(r.id),
      at: iso(r.at),
      // What the person did with no one else as its subject (an answer, a vote) is theirs too.
      actor: r.actor_user_id === actor.id ? 'self' : r.actor_kind,
      actorName: r.actor_kind === 'link' ? null : r.actor_name,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
    })),
  };
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2)), 'egne-ord-data.json');
  zip.addBuffer(Buffer.from(summaryPage({ data, readable })), 'egne-ord-oversigt.html');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Real erasure: the person's rows go (statements, versions, suggestions, authorship, meetings,
 * snapshots, shares, follow-ups, plans, consents, notes, sign-ins, their identified and
 * pseudonymous answers, and the audit rows about them or by them); shared links die with them.
 * What others counted keeps counting without them: the peers' sessions (unlinked, their notes
 * about the person gone), poll votes (under a fingerprint that leads to nobody), answer tallies
 * and anonymous monthly counts.
 * The erasure ledger keeps the id and the time, so that a restore of an older backup erases the
 * person again (services/erasure.ts).
 */
export async function eraseMyAccount(deps: AppDeps, actor: Actor, password: string, code = ''): Promise<boolean> {
  authorize(actor, 'citizen.act');
  // The password, and a current code for someone with an authenticator app: a cookie alone erases nothing.
  if (!(await confirmIdentity(deps, actor, { password, code }))) return false;
  const user = await findUserById(deps.db, actor.id);
  if (!user) return false;
  const votes = await voterFingerprintsOf(deps, user.id);
  const nameKey = await signInFailuresKey(deps, user.username);
  // Not a use case on purpose: erasure removes every audit row about the person, and an audit
  // row written for the erasure would itself name them. The append-only trigger allows these
  // deletes only inside this transaction (see eraseUser).
  const changed = await withoutAudit(deps, "erasing a citizen's account, with its audit rows", async ({ tx, now }) => {
    // Votes keep counting in their polls, under fingerprints that lead to nobody.
    await unlinkVotes(tx, votes);
    await eraseUser(tx, user.id, nameKey);
    return recordErasure(tx, user.id, now);
  });
  await reclaimErasedSpace(deps, changed);
  return true;
}
