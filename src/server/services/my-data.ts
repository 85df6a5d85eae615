import { sql } from 'kysely';
import crypto from 'node:crypto';
import yazl from 'yazl';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { requireSignedIn } from '../policy/legacy.ts';
import { AccessDenied } from '../errors.ts';
import { findUserById } from '../repositories/users.ts';
import { auditAbout } from '../repositories/audit.ts';
import { verifyPassword } from '../crypto/passwords.ts';
import { audit } from './audit.ts';
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
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new AccessDenied();
  const zip = new yazl.ZipFile();
  const statements = [];
  for (const s of await listStatements(deps, actor)) {
    const { statement: open, versions } = await statementWithVersions(deps, actor, s.id);
    const versionData = versions.map((v) => ({ id: v.id, revision: v.revision, savedAt: v.savedAt.toISOString(), byOwner: v.byOwner, answers: v.answers }));
    statements.push({ id: open.id, purpose: open.purpose, template: { key: open.template.key, version: open.template.version }, revision: open.revision, updatedAt: open.updatedAt.toISOString(), answers: open.answers, versions: versionData });
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
      snapshot: detail.snapshot ? { id: detail.snapshot.id, frozenAt: detail.snapshot.createdAt.toISOString(), purpose: detail.snapshot.purpose, answers: detail.snapshot.answers } : null,
      shares: detail.shares.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString(), revokedAt: s.revokedAt?.toISOString() ?? null, allowPlan: s.allowPlan, recipient: s.recipient })),
      followUp: detail.followUp ? { ...detail.followUp, updatedAt: detail.followUp.updatedAt.toISOString() } : null,
      plan: detail.plan ? { ...detail.plan, updatedAt: detail.plan.updatedAt.toISOString() } : null,
    });
    if (detail.snapshot) zip.addBuffer(renderStatementPdf(statementPdfView(detail.snapshot.template, detail.snapshot.answers, locale, { ownerName: detail.snapshot.ownerName })), `snapshots/${detail.snapshot.id}.pdf`);
  }
  const peers = await myPeers(deps, actor);
  const consents = {
    links: peers.links.map((l) => ({ id: l.id, peer: l.peerName, organisation: l.organisationName, consentVersion: l.consentVersion, consentedAt: l.consentedAt.toISOString(), withdrawnAt: l.withdrawnAt?.toISOString() ?? null })),
    events: peers.events.map((e) => ({ kind: e.kind, scope: e.scope, wordingVersion: e.wordingVersion, at: e.at.toISOString() })),
  };
  const sharedNotes = await notesSharedWithMe(deps, actor);
  const guideNotes = await myNotes(deps, actor);
  await audit(deps.db, actor, 'account.export', actor.id);
  const log = (await auditAbout(deps.db, actor.id)).map((r) => ({ at: r.at.toISOString(), actor: r.actor_kind, actorName: r.actor_kind === 'link' ? null : r.actor_name, action: r.action, objectType: r.object_type, objectId: r.object_id }));
  const data = {
    format: 'egneord-my-data',
    version: 1,
    exportedAt: deps.now().toISOString(),
    account: { id: user.id, username: user.username, chosenName: user.chosen_name, createdAt: user.created_at.toISOString(), locale: user.locale, secondFactor: user.totp_secret !== null },
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
export async function eraseMyAccount(deps: AppDeps, actor: Actor, password: string): Promise<boolean> {
  requireSignedIn(actor);
  if (actor.userKind !== 'citizen') throw new AccessDenied();
  const user = await findUserById(deps.db, actor.id);
  if (!user || !(await verifyPassword(user.password_hash, password))) return false;
  await deps.db.transaction().execute(async (trx) => {
    await sql`set local egneord.erasure = 'on'`.execute(trx);
    const count = async (kind: 'statement' | 'meeting' | 'check_in' | 'share', table: 'statements' | 'meetings' | 'follow_ups' | 'shares') => {
      const rows = await sql<{ month: string; n: string }>`
        select to_char(date_trunc('month', created_at), 'YYYY-MM-DD') as month, count(*) as n
        from ${sql.table(table)} where owner_id = ${user.id} group by 1`.execute(trx);
      for (const r of rows.rows) {
        await trx
          .insertInto('anonymous_counts')
          .values({ month: r.month, kind, n: Number(r.n) })
          .onConflict((oc) => oc.columns(['month', 'kind']).doUpdateSet({ n: sql`anonymous_counts.n + ${Number(r.n)}` }))
          .execute();
      }
    };
    await count('statement', 'statements');
    await count('meeting', 'meetings');
    await count('check_in', 'follow_ups');
    await count('share', 'shares');
    await trx.deleteFrom('audit_log').where((eb) => eb.or([eb('subject_user_id', '=', user.id), eb('actor_user_id', '=', user.id)])).execute();
    const nameKey = crypto.createHash('sha256').update(`signin-name:${user.username}`).digest('hex').slice(0, 32);
    await trx.deleteFrom('rate_limits').where('key_hash', '=', nameKey).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
  });
  return true;
}
