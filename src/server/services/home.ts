import type { AppDeps } from '../deps.ts';
import type { Actor } from '../policy/actor.ts';
import { can, rolesOf, type WorkRole } from '../policy/policy.ts';
import { BadInput } from '../errors.ts';
import { ZONE, todayIn } from '../../domain/time/copenhagen.ts';
import { listStatements } from './statements.ts';
import { startableTemplates } from './template-catalogue.ts';
import { listMeetings } from './meetings.ts';
import { myPeers } from './peer-links.ts';
import { peerOverview } from './peer-practice.ts';
import { eventsOverview } from './events.ts';
import { sharesForMe, type ReceivedShare } from './shares.ts';
import { listAllOrganisations, managedOrganisations, organisationOverview } from './organisations.ts';
import { roundsVisibleTo, type RoundListItem } from './evaluation/rounds.ts';
import { supportShareCount } from './support.ts';
import { latestNotices, type NoticeItem } from './notices.ts';
import { keptFormCount } from './kept-forms.ts';

// What each role sees first after signing in: a few real figures, the next thing to do, and
// what is new. Every part comes from the service that owns it (and audits it there).

/** How many of each list a home shows; the section page has the rest. */
const LATEST = 3;

export interface CitizenHome {
  role: 'citizen';
  statementCount: number;
  /** With no sheets yet: the personal statement to start with one click. */
  firstTemplateId: string | null;
  latestStatements: { id: string; purpose: string; updatedAt: Date }[];
  /** Sheets with suggestions from a peer that wait for an answer, and how many. */
  waitingSuggestions: { statementId: string; purpose: string; count: number }[];
  meetingCount: number;
  nextMeeting: { id: string; startsAt: Date; withWhom: string } | null;
  /** Meetings whose reminder to mark progress has come, oldest first. */
  progressReminders: { meetingId: string; startsAt: Date }[];
  /** Meetings others have shared with this person as a relative, bisidder or peer. */
  supportShares: number;
  peers: { name: string; organisationName: string }[];
  notices: NoticeItem[];
}

export interface PeerHome {
  role: 'peer';
  meetingsToday: { startsAt: Date; citizenName: string }[];
  conversationsToday: number;
  citizens: { citizenId: string; name: string }[];
  nextEvent: { id: string; title: string; startsAt: Date } | null;
  /** Meetings citizens have shared with this peer to read along. */
  supportShares: number;
  notices: NoticeItem[];
}

export interface ProfessionalHome {
  role: 'professional';
  shares: ReceivedShare[];
  notices: NoticeItem[];
}

export interface CoordinatorHome {
  role: 'coordinator';
  organisations: { id: string; name: string; members: number; invitations: number }[];
  rounds: RoundListItem[];
  roundCount: number;
  notices: NoticeItem[];
}

export interface AdminHome {
  role: 'admin';
  organisationCount: number;
  latestOrganisations: { id: string; name: string }[];
  notices: NoticeItem[];
}

export type HomeModel = (CitizenHome | PeerHome | ProfessionalHome | CoordinatorHome | AdminHome) & {
  /** Forms the person sent after their sign-in had ended, waiting to be sent on. */
  keptForms: number;
};

/** The home of the role the person works in now; null for someone not signed in. */
export async function homeFor(deps: AppDeps, actor: Actor, role: WorkRole | null): Promise<HomeModel | null> {
  if (role === null || !can(actor, 'account.use')) return null;
  const notices = await latestNotices(deps, actor);
  const keptForms = await keptFormCount(deps, actor);
  switch (role) {
    case 'citizen':
      return { ...(await citizenHome(deps, actor)), notices, keptForms };
    case 'peer':
      return { ...(await peerHome(deps, actor)), notices, keptForms };
    case 'professional':
      return { role, shares: await sharesForMe(deps, actor), notices, keptForms };
    case 'coordinator':
      return { ...(await coordinatorHome(deps, actor)), notices, keptForms };
    case 'admin': {
      const organisations = await listAllOrganisations(deps, actor);
      return { role, organisationCount: organisations.length, latestOrganisations: organisations.slice(0, LATEST), notices, keptForms };
    }
  }
}

async function citizenHome(deps: AppDeps, actor: Actor): Promise<Omit<CitizenHome, 'notices'>> {
  const statements = await listStatements(deps, actor);
  const meetings = await listMeetings(deps, actor);
  const upcoming = meetings.filter((m) => !m.past).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const next = upcoming[0];
  const { links } = await myPeers(deps, actor);
  const startable = statements.length === 0 ? await startableTemplates(deps, actor) : [];
  const first = startable[0];
  return {
    role: 'citizen',
    statementCount: statements.length,
    firstTemplateId: first?.id ?? null,
    latestStatements: [...statements]
      .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
      .slice(0, LATEST)
      .map((s) => ({ id: s.id, purpose: s.purpose, updatedAt: s.updatedAt })),
    waitingSuggestions: statements.filter((s) => s.waitingSuggestions > 0).map((s) => ({ statementId: s.id, purpose: s.purpose, count: s.waitingSuggestions })),
    meetingCount: meetings.length,
    nextMeeting: next ? { id: next.id, startsAt: next.startsAt, withWhom: next.withWhom } : null,
    progressReminders: meetings
      .filter((m) => m.progressReminderDue)
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map((m) => ({ meetingId: m.id, startsAt: m.startsAt })),
    supportShares: await supportShareCount(deps, actor),
    peers: links.filter((l) => l.withdrawnAt === null).map((l) => ({ name: l.peerName, organisationName: l.organisationName })),
  };
}

async function peerHome(deps: AppDeps, actor: Actor): Promise<Omit<PeerHome, 'notices'>> {
  const today = todayIn(ZONE, deps.now());
  const overview = await peerOverview(deps, actor, { from: today, to: today });
  const events = can(actor, 'network.join') ? (await eventsOverview(deps, actor)).events : [];
  const nextEvent = events.find((e) => e.startsAt > deps.now());
  return {
    role: 'peer',
    meetingsToday: overview.upcoming.filter((m) => todayIn(ZONE, m.startsAt) === today),
    conversationsToday: overview.figures.sessions,
    citizens: overview.citizens,
    nextEvent: nextEvent ? { id: nextEvent.id, title: nextEvent.title, startsAt: nextEvent.startsAt } : null,
    supportShares: await supportShareCount(deps, actor),
  };
}

async function coordinatorHome(deps: AppDeps, actor: Actor): Promise<Omit<CoordinatorHome, 'notices'>> {
  const organisations = [];
  for (const o of await managedOrganisations(deps, actor)) {
    const overview = await organisationOverview(deps, actor, o.id);
    organisations.push({ id: o.id, name: o.name, members: overview?.members.length ?? 0, invitations: overview?.invitations.length ?? 0 });
  }
  const rounds = await roundsVisibleTo(deps, actor);
  return { role: 'coordinator', organisations, rounds: rounds.slice(0, LATEST), roundCount: rounds.length };
}

/** Switching to another of one's roles; a role the person does not have is refused. */
export function chooseRole(actor: Actor, role: WorkRole): WorkRole {
  if (!rolesOf(actor).includes(role)) throw new BadInput({ role: 'errors.badRequest' });
  return role;
}
