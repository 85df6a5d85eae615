import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import type { Actor } from '../../policy/actor.ts';
import { requireOrganisationManager, requireRoundAccess, managedOrganisations } from '../../policy/legacy.ts';
import { NotFound } from '../../errors.ts';
import { hashToken, newToken } from '../../crypto/tokens.ts';
import { audit } from '../audit.ts';
import { loadQuestionnaire } from './questionnaires.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

export const roundInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    method: z.string().trim().max(2000),
    startsOn: isoDate,
    endsOn: isoDate,
    siteIds: z.array(z.uuid()).max(500),
    peerIds: z.array(z.uuid()).max(5000),
    joinedOrganisationIds: z.array(z.uuid()).max(200),
  })
  .refine((r) => r.endsOn >= r.startsOn, { path: ['endsOn'], message: 'endsOn' });

export interface RoundRow {
  id: string;
  organisation_id: string;
  title: string;
  method: string;
  starts_on: string;
  ends_on: string;
}

export async function loadRound(deps: Pick<AppDeps, 'db'>, roundId: string) {
  const round = await deps.db
    .selectFrom('rounds')
    .select(['id', 'organisation_id', 'title', 'method', (eb) => eb.cast<string>('starts_on', 'text').as('starts_on'), (eb) => eb.cast<string>('ends_on', 'text').as('ends_on')])
    .where('id', '=', roundId)
    .executeTakeFirst();
  if (!round) throw new NotFound();
  const joined = (await deps.db.selectFrom('round_organisations').select('organisation_id').where('round_id', '=', roundId).execute()).map((r) => r.organisation_id);
  const sites = await deps.db.selectFrom('round_sites').innerJoin('sites', 'sites.id', 'round_sites.site_id').select(['sites.id', 'sites.name']).where('round_id', '=', roundId).orderBy('sites.name').execute();
  const peers = await deps.db.selectFrom('round_peers').innerJoin('users', 'users.id', 'round_peers.peer_user_id').select(['users.id', 'users.chosen_name']).where('round_id', '=', roundId).orderBy('users.chosen_name').execute();
  return { round: round as RoundRow, joined, sites, peers };
}

export async function createRound(deps: AppDeps, actor: Actor, organisationId: string, input: z.infer<typeof roundInputSchema>): Promise<string> {
  requireOrganisationManager(actor, organisationId);
  const ownSites = new Set((await deps.db.selectFrom('sites').select('id').where('organisation_id', '=', organisationId).execute()).map((s) => s.id));
  const joinedOrgs = [...new Set(input.joinedOrganisationIds.filter((id) => id !== organisationId))];
  const joinedSites = joinedOrgs.length ? new Set((await deps.db.selectFrom('sites').select('id').where('organisation_id', 'in', joinedOrgs).execute()).map((s) => s.id)) : new Set<string>();
  const siteIds = input.siteIds.filter((id) => ownSites.has(id) || joinedSites.has(id));
  return deps.db.transaction().execute(async (trx) => {
    const round = await trx
      .insertInto('rounds')
      .values({ organisation_id: organisationId, title: input.title, method: input.method, starts_on: input.startsOn, ends_on: input.endsOn, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const orgId of joinedOrgs) await trx.insertInto('round_organisations').values({ round_id: round.id, organisation_id: orgId }).execute();
    for (const siteId of siteIds) await trx.insertInto('round_sites').values({ round_id: round.id, site_id: siteId }).execute();
    const peerIds = input.peerIds.length
      ? (await trx.selectFrom('memberships').select('user_id').where('role', '=', 'peer').where('organisation_id', 'in', [organisationId, ...joinedOrgs]).where('user_id', 'in', input.peerIds).execute()).map((r) => r.user_id)
      : [];
    for (const peerId of new Set(peerIds)) await trx.insertInto('round_peers').values({ round_id: round.id, peer_user_id: peerId }).execute();
    await audit(trx, actor, 'round.create', null, { type: 'round', id: round.id });
    return round.id;
  });
}

export async function roundsVisibleTo(deps: AppDeps, actor: Actor) {
  const orgIds = managedOrganisations(actor);
  if (actor.kind === 'user' && actor.isAdmin) {
    return deps.db.selectFrom('rounds').innerJoin('organisations', 'organisations.id', 'rounds.organisation_id').select(['rounds.id', 'rounds.title', 'organisations.name as organisation_name']).orderBy('rounds.created_at', 'desc').execute();
  }
  if (orgIds.length === 0) return [];
  return deps.db
    .selectFrom('rounds')
    .innerJoin('organisations', 'organisations.id', 'rounds.organisation_id')
    .select(['rounds.id', 'rounds.title', 'organisations.name as organisation_name'])
    .where((eb) => eb.or([eb('rounds.organisation_id', 'in', orgIds), eb('rounds.id', 'in', eb.selectFrom('round_organisations').select('round_id').where('organisation_id', 'in', orgIds))]))
    .orderBy('rounds.created_at', 'desc')
    .execute();
}

export async function roundForViewing(deps: AppDeps, actor: Actor, roundId: string) {
  const loaded = await loadRound(deps, roundId);
  requireRoundAccess(actor, loaded.round, loaded.joined, 'view');
  return loaded;
}

export const distributionSchema = z.object({
  questionnaireId: z.uuid(),
  mode: z.enum(['anonymous', 'pseudonymous', 'identified']),
  siteId: z.uuid().nullable(),
});

/** A link (and QR) for a round's questionnaire; only the token's hash is stored. */
export async function createDistribution(deps: AppDeps, actor: Actor, roundId: string, input: z.infer<typeof distributionSchema>): Promise<string> {
  const loaded = await loadRound(deps, roundId);
  requireRoundAccess(actor, loaded.round, loaded.joined, 'manage');
  const q = await loadQuestionnaire(deps.db, input.questionnaireId);
  if (q.organisationId && q.organisationId !== loaded.round.organisation_id) throw new NotFound();
  if (input.siteId && !loaded.sites.some((s) => s.id === input.siteId)) throw new NotFound();
  const token = newToken();
  await deps.db
    .insertInto('distributions')
    .values({ round_id: roundId, questionnaire_id: q.id, organisation_id: loaded.round.organisation_id, site_id: input.siteId, mode: input.mode, token_hash: hashToken(token), closes_on: loaded.round.ends_on })
    .execute();
  await audit(deps.db, actor, 'distribution.create', null, { type: 'round', id: roundId });
  return token;
}

export async function distributionsOf(deps: AppDeps, actor: Actor, roundId: string) {
  await roundForViewing(deps, actor, roundId);
  return deps.db
    .selectFrom('distributions')
    .innerJoin('questionnaires', 'questionnaires.id', 'distributions.questionnaire_id')
    .leftJoin('sites', 'sites.id', 'distributions.site_id')
    .select(['distributions.id', 'distributions.mode', 'questionnaires.key', 'questionnaires.version', 'questionnaires.definition', 'sites.name as site_name', 'distributions.created_at'])
    .where('round_id', '=', roundId)
    .orderBy('distributions.created_at')
    .execute();
}
