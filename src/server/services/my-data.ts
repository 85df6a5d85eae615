import yazl from 'yazl';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { authorize } from '../policy/policy.ts';
import { AccessDenied } from '../errors.ts';
import { eraseUser, findUserById } from '../repositories/users.ts';
import { auditAbout } from '../repositories/audit.ts';
import { confirmIdentity } from './reauthentication.ts';
import { useCase, withoutAudit } from './use-case.ts';
import { rateLimitKeyHash } from './rate-limit.ts';
import { listStatements, statementWithVersions } from './statements.ts';
import { listMeetings, openMeeting } from './meetings.ts';
import { myPeers } from './peer-links.ts';
import { myNotes } from './guides.ts';
import { notesSharedWithMe } from './peer-practice.ts';
import { statementPdfView } from '../pdf/statement-view.ts';
import { renderStatementPdf } from '../pdf/statement-pdf.ts';
import type { Locale } from '../db/schema.ts';

/** Everything the system holds about the person, as one JSON file with the PDFs beside it. */
export async function exportMyData(deps: AppDeps, actor: Actor, locale: Locale): Promise<Buffer> {
  authorize(actor, 'citizen.act');
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new AccessDenied();
  const zip = new yazl.ZipFile();
  const statements = [];
  for (const s of await listStatements(deps, actor)) {
    const { statement: open, versions } = await statementWithVersions(deps, actor, s.id);
    const versionData = versions.map((v) => ({ id: v.id, revision: v.revision, savedAt: v.savedAt.toISOString(), byOwner: v.byOwner, answers: v.answers }));
    statements.push({
      id: open.id,
      purpose: open.purpose,
      template: { key: open.template.key, version: open.template.version },
      revision: open.revision,
      updatedAt: open.updatedAt.toISOString(),
      answers: open.answers,
      versions: versionData,
    });
    zip.addBuffer(renderStatementPdf(statementPdfView(open.template, open.answers, locale, { ownerName: open.ownerName })), `statements/${open.id}.pdf`);
  }
  const meetings = [];
  for (const m of await listMeetings(deps, actor)) {
    const detail = await openMeeting(deps, actor, m.id);
    meetings.push({
      id: m.id,
      startsAt: m.startsAt.toISOString(),
      withWhom: m.withWhom,
      purpose: m.purpose,
      statementId: m.statementId,
      snapshot: detail.snapshot
        ? { id: detail.snapshot.id, frozenAt: detail.snapshot.createdAt.toISOString(), purpose: detail.snapshot.purpose, answers: detail.snapshot.answers }
        : null,
      shares: detail.shares.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        revokedAt: s.revokedAt?.toISOString() ?? null,
        allowPlan: s.allowPlan,
        recipient: s.recipient,
      })),
      followUp: detail.followUp ? { ...detail.followUp, updatedAt: detail.followUp.updatedAt.toISOString() } : null,
      plan: detail.plan ? { ...detail.plan, updatedAt: detail.plan.updatedAt.toISOString() } : null,
    });
    if (detail.snapshot)
      zip.addBuffer(
        renderStatementPdf(statementPdfView(detail.snapshot.template, detail.snapshot.answers, locale, { ownerName: detail.snapshot.ownerName })),
        `snapshots/${detail.snapshot.id}.pdf`,
      );
  }
  const peers = await myPeers(deps, actor);
  const consents = {
    links: peers.links.map((l) => ({
      id: l.id,
      peer: l.peerName,
      organisation: l.organisationName,
      consentVersion: l.consentVersion,
      consentedAt: l.consentedAt.toISOString(),
      withdrawnAt: l.withdrawnAt?.toISOString() ?? null,
    })),
    events: peers.events.map((e) => ({ kind: e.kind, scope: e.scope, wordingVersion: e.wordingVersion, at: e.at.toISOString() })),
  };
  const sharedNotes = await notesSharedWithMe(deps, actor);
  const guideNotes = await myNotes(deps, actor);
  // Each part above was read (and logged) by its own use case; the export itself is logged
  // before the log is read, so the file holds its own entry.
  const logRows = await useCase(deps, actor, 'account.export', async ({ tx, audit }) => {
    await audit('account.export', actor.id);
    return auditAbout(tx, actor.id);
  });
  const log = logRows.map((r) => ({
    at: r.at.toISOString(),
    actor: r.actor_kind,
    actorName: r.actor_kind === 'link' ? null : r.actor_name,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
  }));
  const data = {
    format: 'egneord-my-data',
    version: 1,
    exportedAt: deps.now().toISOString(),
    account: {
      id: user.id,
      username: user.username,
      chosenName: user.chosen_name,
      createdAt: user.created_at.toISOString(),
      locale: user.locale,
      secondFactor: user.totp_secret !== null,
    },
    statements,
    meetings,
    consents,
    notes: guideNotes.map((n) => ({ text: n.text, done: n.done, fromGuide: n.guideTitle })),
    notesSharedWithMe: sharedNotes.map((n) => ({ day: n.day, peer: n.peerName, note: n.note })),
    accessLog: log,
  };
  zip.addBuffer(Buffer.from(JSON.stringify(data, null, 2)), 'egne-ord-data.json');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Real erasure: the person's rows go (statements, versions, meetings, snapshots, shares,
 * follow-ups, plans, sessions, and the audit rows about them); shared links die with them.
 * Only anonymous monthly counts remain for evaluation.
 */
export async function eraseMyAccount(deps: AppDeps, actor: Actor, password: string, code = ''): Promise<boolean> {
  authorize(actor, 'citizen.act');
  // The password, and a current code for someone with an authenticator app: a cookie alone erases nothing.
  if (!(await confirmIdentity(deps, actor, { password, code }))) return false;
  const user = await findUserById(deps.db, actor.id);
  if (!user) return false;
  // Not a use case on purpose: erasure removes every audit row about the person, and an audit
  // row written for the erasure would itself name them. The append-only trigger allows these
  // deletes only inside this transaction (see eraseUser).
  await withoutAudit(deps, "erasing a citizen's account, with its audit rows", (w) => eraseUser(w.tx, user.id, rateLimitKeyHash('signin-name', user.username)));
  return true;
}
