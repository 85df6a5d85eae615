import { Client, uniqueName } from './client.ts';
import type { TestApp } from './test-app.ts';
import { provisionUser } from '../../src/server/services/provisioning.ts';
import { insertOrganisation, insertSite } from '../../src/server/repositories/organisations.ts';
import { currentStep, totpAt } from '../../src/server/crypto/totp.ts';
import type { Role } from '../../src/server/db/schema.ts';

export const PASSWORD = 'a calm long password';

export interface Person {
  id: string;
  username: string;
  client: Client;
  /** The authenticator app's secret, for staff: to sign in again (signInAgain). */
  totpSecret?: Buffer;
}

/** Creates a person and returns a client already signed in as them (second factor included). */
export async function signedIn(
  app: TestApp,
  o: { kind: 'citizen' | 'staff'; role?: Role; organisationId?: string; siteId?: string | null; isAdmin?: boolean; chosenName?: string; volunteer?: boolean },
): Promise<Person> {
  const username = uniqueName(o.role ?? (o.isAdmin ? 'admin' : o.kind));
  const staff = o.kind === 'staff';
  const user = await provisionUser(app.deps, {
    username,
    chosenName: o.chosenName ?? (staff ? 'Medarbejder' : 'Borger'),
    password: PASSWORD,
    kind: o.kind,
    isAdmin: o.isAdmin ?? false,
    withTotp: staff || (o.isAdmin ?? false),
    memberships:
      o.role && o.organisationId ? [{ organisationId: o.organisationId, siteId: o.siteId ?? null, role: o.role, volunteer: o.volunteer ?? false }] : [],
  });
  const client = new Client(app.url);
  const res = await client.post('/sign-in', { username, password: PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in failed for ${username}: ${res.status}`);
  if (user.totpSecret) {
    const code = await client.post('/sign-in/code', { code: totpAt(user.totpSecret, currentStep()) });
    if (code.status !== 303) throw new Error(`second factor failed for ${username}: ${code.status}`);
  }
  return { id: user.id, username, client, ...(user.totpSecret ? { totpSecret: user.totpSecret } : {}) };
}

/**
 * Signs the person in again on their own client (their browser, cookies kept), with the code
 * their app shows at the app's time `now`; returns where the app sent them in the end.
 */
export async function signInAgain(person: Person, now: Date, returnTo = ''): Promise<string | null> {
  const res = await person.client.post('/sign-in', { username: person.username, password: PASSWORD, returnTo });
  if (res.status !== 303) throw new Error(`sign-in failed for ${person.username}: ${res.status}`);
  if (!person.totpSecret) return res.location;
  // The code goes where the code page's own form sends it, as a browser would.
  const codePage = await person.client.get(res.location ?? '/sign-in/code');
  const action = /<form method="post" action="(\/sign-in\/code[^"]*)"/.exec(codePage.text)?.[1]?.replaceAll('&amp;', '&');
  if (!action) throw new Error('no code form');
  const code = await person.client.post(action, { code: totpAt(person.totpSecret, currentStep(now.getTime())) });
  if (code.status !== 303) throw new Error(`second factor failed for ${person.username}: ${code.status}`);
  return code.location;
}

export interface World {
  orgA: { id: string; siteId: string };
  orgB: { id: string; siteId: string };
  citizenA: Person;
  citizenB: Person;
  peerA: Person;
  professionalA: Person;
  coordinatorA: Person;
  coordinatorB: Person;
  peerB: Person;
  admin: Person;
}

/** Two organisations with one person of each role, for access tests. */
export async function createWorld(app: TestApp): Promise<World> {
  const a = await insertOrganisation(app.deps.db, { name: `Org A ${uniqueName('')}`, kind: 'region' });
  const b = await insertOrganisation(app.deps.db, { name: `Org B ${uniqueName('')}`, kind: 'municipality' });
  const siteA = await insertSite(app.deps.db, a.id, 'Site A');
  const siteB = await insertSite(app.deps.db, b.id, 'Site B');
  return {
    orgA: { id: a.id, siteId: siteA.id },
    orgB: { id: b.id, siteId: siteB.id },
    citizenA: await signedIn(app, { kind: 'citizen', chosenName: 'Alma' }),
    citizenB: await signedIn(app, { kind: 'citizen', chosenName: 'Bent' }),
    peerA: await signedIn(app, { kind: 'staff', role: 'peer', organisationId: a.id, siteId: siteA.id }),
    professionalA: await signedIn(app, { kind: 'staff', role: 'professional', organisationId: a.id, siteId: siteA.id }),
    coordinatorA: await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: a.id }),
    coordinatorB: await signedIn(app, { kind: 'staff', role: 'coordinator', organisationId: b.id }),
    peerB: await signedIn(app, { kind: 'staff', role: 'peer', organisationId: b.id, siteId: siteB.id }),
    admin: await signedIn(app, { kind: 'staff', isAdmin: true }),
  };
}

const statementCache = new WeakMap<Person, string>();

/** A personal statement owned by `person`, created through the app like a person would. */
export async function statementOf(app: TestApp, person: Person, purpose = 'Til mødet'): Promise<string> {
  const cached = statementCache.get(person);
  if (cached) return cached;
  const id = await newStatementOf(app, person, purpose);
  statementCache.set(person, id);
  return id;
}

/** The id of the built-in personal statement template (not an organisation's copy). */
export async function personalStatementTemplateId(app: TestApp): Promise<string> {
  const template = await app.deps.db
    .selectFrom('sheet_templates')
    .select('id')
    .where('key', '=', 'personal-statement')
    .where('organisation_id', 'is', null)
    .executeTakeFirstOrThrow();
  return template.id;
}

/** A new personal statement of the person's, made through the app as they would; never cached. */
export async function newStatementOf(app: TestApp, person: Pick<Person, 'client'>, purpose = 'Til mødet'): Promise<string> {
  const res = await person.client.post('/statements', { purpose, templateId: await personalStatementTemplateId(app) });
  const id = res.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1];
  if (!id) throw new Error(`could not create a statement: ${res.status}`);
  return id;
}

export async function versionOf(app: TestApp, statementId: string): Promise<string> {
  const row = await app.deps.db.selectFrom('statement_versions').select('id').where('statement_id', '=', statementId).executeTakeFirstOrThrow();
  return row.id;
}

const meetingCache = new WeakMap<Person, string>();
const shareCache = new WeakMap<Person, { shareId: string; token: string }>();

/** A meeting tomorrow with the person's statement attached. */
export async function meetingOf(app: TestApp, person: Person): Promise<string> {
  const cached = meetingCache.get(person);
  if (cached) return cached;
  const statementId = await statementOf(app, person);
  const when = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
  const res = await person.client.post('/meetings', { when, withWhom: 'Sagsbehandleren', purpose: 'Opfølgning', statementId });
  const id = res.location?.match(/\/meetings\/([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`could not create a meeting: ${res.status}`);
  meetingCache.set(person, id);
  return id;
}

/** A share link for the person's meeting; `recipient` makes it an in-app share too. */
export async function shareOf(
  app: TestApp,
  person: Person,
  options: { recipientUsername?: string; allowPlan?: boolean } = {},
): Promise<{ meetingId: string; shareId: string; token: string }> {
  const meetingId = await meetingOf(app, person);
  const cached = shareCache.get(person);
  if (cached && !options.recipientUsername) return { meetingId, ...cached };
  const res = await person.client.post(`/meetings/${meetingId}/shares`, {
    days: '7',
    recipientLabel: 'Lægen',
    recipientUsername: options.recipientUsername ?? '',
    ...(options.allowPlan === false ? {} : { allowPlan: 'on' }),
  });
  const token = res.text.match(/\/s\/([A-Za-z0-9_-]{43})/)?.[1];
  const shareId = res.text.match(/\/shares\/([0-9a-f-]{36})\/pdf/)?.[1];
  if (!token || !shareId) throw new Error(`could not share: ${res.status}`);
  if (!options.recipientUsername) shareCache.set(person, { shareId, token });
  return { meetingId, shareId, token };
}

const linkCache = new Map<string, string>();

/** Links a citizen with a peer the way people do: the peer makes a code, the citizen consents. */
export async function linkPeer(app: TestApp, peer: Person, citizen: Person): Promise<string> {
  const key = `${peer.id}:${citizen.id}`;
  const cached = linkCache.get(key);
  if (cached) return cached;
  const code = await peerCode(app, peer);
  // Every sheet, as links did before the citizen chose per sheet.
  const res = await citizen.client.post('/link', { code, consent: 'yes', wordingVersion: 'peer-link-v1', sheets: 'all', maySuggest: 'on' });
  if (res.status !== 303) throw new Error(`link failed: ${res.status}`);
  const link = await app.deps.db
    .selectFrom('peer_links')
    .select('id')
    .where('peer_user_id', '=', peer.id)
    .where('citizen_id', '=', citizen.id)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirstOrThrow();
  linkCache.set(key, link.id);
  return link.id;
}

export async function peerCode(app: TestApp, peer: Person): Promise<string> {
  const orgId = (
    await app.deps.db.selectFrom('memberships').select('organisation_id').where('user_id', '=', peer.id).where('role', '=', 'peer').executeTakeFirstOrThrow()
  ).organisation_id;
  const res = await peer.client.post('/peer/invitations', { organisationId: orgId });
  const code = res.text.match(/<strong class="code">([A-Z0-9]{4}) ([A-Z0-9]{4})<\/strong>/);
  if (!code) throw new Error(`no code: ${res.status}`);
  return code[1]! + code[2]!;
}

export async function suggestionOf(app: TestApp, peer: Person, citizen: Person): Promise<string> {
  await linkPeer(app, peer, citizen);
  const statementId = await statementOf(app, citizen);
  await peer.client.post(`/peer/statements/${statementId}/suggestions`, { fieldKey: 'whoIAm', text: 'Et forslag' });
  const row = await app.deps.db
    .selectFrom('suggestions')
    .select('id')
    .where('statement_id', '=', statementId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The peer questionnaire's required questions, each answered with its first valid value. */
export async function peerQuestionnaireAnswers(app: TestApp): Promise<Record<string, string>> {
  const q = (await app.deps.db.selectFrom('questionnaires').select('definition').where('audience', '=', 'peer').executeTakeFirstOrThrow()).definition as {
    items: { key: string; type: string; required?: boolean; options?: { value: string }[]; min?: number }[];
  };
  const fields: Record<string, string> = {};
  for (const item of q.items) {
    if (!item.required) continue;
    fields[item.key] =
      item.type === 'singleChoice'
        ? item.options![0]!.value
        : item.type === 'yesNo'
          ? 'yes'
          : item.type === 'number' || item.type === 'slider'
            ? String(item.min ?? 1)
            : 'x';
  }
  return fields;
}
