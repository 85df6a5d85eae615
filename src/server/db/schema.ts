import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role = 'peer' | 'professional' | 'coordinator';
export type UserKind = 'citizen' | 'staff';
export type Locale = 'da' | 'en';
export type AuditActorKind = 'self' | 'staff' | 'link' | 'system' | 'anonymous' | 'peer' | 'admin';

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: 'region' | 'municipality' | 'volunteer_centre' | 'network' | 'other';
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SitesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  username: string;
  chosen_name: string;
  kind: UserKind;
  is_admin: Generated<boolean>;
  password_hash: string;
  totp_secret: Uint8Array | null;
  totp_last_step: ColumnType<string | null, number | string | null, number | string | null>;
  data_key: Uint8Array;
  locale: Generated<Locale>;
  email: Uint8Array | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  totp_pending_secret: Uint8Array | null;
  second_factor_reset_at: Timestamp | null;
}

export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  site_id: string | null;
  role: Role;
  volunteer: Generated<boolean>;
  created_at: CreatedAt;
}

export interface StaffInvitationsTable {
  id: Generated<string>;
  token_hash: string;
  organisation_id: string;
  site_id: string | null;
  role: Role;
  volunteer: Generated<boolean>;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  identity_hash: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  second_factor_pending: Generated<boolean>;
  together_with: string | null;
  authenticated_at: Timestamp | null;
  factor_from_provider: Generated<boolean>;
}

export interface KeptFormsTable {
  id: Generated<string>;
  user_id: string;
  path: string;
  fields: Uint8Array;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface RateLimitsTable {
  bucket: string;
  key_hash: string;
  window_start: Timestamp;
  hits: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_kind: AuditActorKind;
  action: string;
  subject_user_id: string | null;
  object_type: string | null;
  object_id: string | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  result: string;
  created_at: CreatedAt;
}

export interface SheetTemplatesTable {
  id: Generated<string>;
  key: string;
  version: number;
  organisation_id: string | null;
  definition: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface StatementsTable {
  id: Generated<string>;
  owner_id: string;
  template_id: string;
  purpose: Uint8Array;
  answers: Uint8Array;
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StatementVersionsTable {
  id: Generated<string>;
  statement_id: string;
  revision: number;
  answers: Uint8Array;
  author_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MeetingsTable {
  id: Generated<string>;
  owner_id: string;
  starts_at: Timestamp;
  with_whom: Uint8Array;
  purpose: Uint8Array;
  site_id: string | null;
  statement_id: string | null;
  snapshot_id: string | null;
  reminder: Generated<boolean>;
  reminder_sent_at: Timestamp | null;
  check_in_offered: Generated<boolean>;
  check_in: Generated<CheckInState>;
  /** A Danish date (YYYY-MM-DD) from which the home page reminds the citizen to mark progress. */
  progress_reminder_on: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface StatementSnapshotsTable {
  id: Generated<string>;
  owner_id: string;
  meeting_id: string | null;
  statement_id: string | null;
  statement_revision: number;
  template_id: string;
  purpose: Uint8Array;
  answers: Uint8Array;
  created_at: CreatedAt;
}

export interface SharesTable {
  id: Generated<string>;
  owner_id: string;
  snapshot_id: string;
  meeting_id: string | null;
  token_hash: string;
  recipient_user_id: string | null;
  recipient_label: Uint8Array | null;
  allow_plan: Generated<boolean>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
  kind: Generated<ShareKind>;
  allow_comment: Generated<boolean>;
}

/** Where a meeting's check-in stands (see migration 023). */
export type CheckInState = 'open' | 'answered' | 'asked_before';
/** A professional (who may write the plan) or a support person (a relative or a bisidder). */
export type ShareKind = 'professional' | 'support';

export interface SupportCommentsTable {
  id: Generated<string>;
  owner_id: string;
  meeting_id: string;
  share_id: string | null;
  author_user_id: string | null;
  author_name: Uint8Array;
  body: Uint8Array;
  created_at: CreatedAt;
}

export interface FollowUpsTable {
  id: Generated<string>;
  meeting_id: string;
  owner_id: string;
  content: Uint8Array;
  with_peer: Generated<boolean>;
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface MeetingPlansTable {
  id: Generated<string>;
  meeting_id: string;
  owner_id: string;
  share_id: string | null;
  author_user_id: string | null;
  content: Uint8Array;
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface DecisionRecordVersionsTable {
  id: Generated<string>;
  meeting_id: string;
  owner_id: string;
  revision: number;
  author_party: 'citizen' | 'professional';
  author_user_id: string | null;
  share_id: string | null;
  content: Uint8Array;
  created_at: CreatedAt;
}

export interface DecisionProgressTable {
  id: Generated<string>;
  owner_id: string;
  meeting_id: string;
  decision_id: string;
  status: 'done' | 'underway' | 'notYet';
  note: Uint8Array | null;
  created_at: CreatedAt;
}

export interface GoalRatingsTable {
  id: Generated<string>;
  owner_id: string;
  meeting_id: string;
  score: number;
  created_at: CreatedAt;
}

export interface AnonymousCountsTable {
  month: ColumnType<Date, string, string>;
  kind: 'statement' | 'meeting' | 'check_in' | 'share';
  n: Generated<number>;
}

export interface PeerInvitationsTable {
  id: Generated<string>;
  peer_user_id: string;
  organisation_id: string;
  code_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PeerLinksTable {
  id: Generated<string>;
  citizen_id: string;
  peer_user_id: string;
  organisation_id: string;
  consent_version: string;
  consented_at: Timestamp;
  withdrawn_at: Timestamp | null;
  /** Every sheet, also new ones; else only those in peer_link_sheets. */
  all_sheets: Generated<boolean>;
  may_suggest: Generated<boolean>;
}

export interface PeerLinkSheetsTable {
  peer_link_id: string;
  statement_id: string;
}

export interface PeerOffersTable {
  organisation_id: string;
  place: string;
  how_to_meet: string;
  format: 'individual' | 'group' | 'both';
  published: Generated<boolean>;
  updated_at: Timestamp;
}

export type PeerRequestStatus = 'open' | 'offered' | 'accepted' | 'declined' | 'closed';

export interface PeerRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  citizen_id: string | null;
  token_hash: string | null;
  data_key: Uint8Array;
  wish: Uint8Array;
  contact_name: Uint8Array | null;
  contact_how: Uint8Array | null;
  answer_in_app: Generated<boolean>;
  status: Generated<PeerRequestStatus>;
  offered_peer_id: string | null;
  offered_at: Timestamp | null;
  answered_at: Timestamp | null;
  peer_link_id: string | null;
  created_at: CreatedAt;
}

export interface ConsentEventsTable {
  id: Generated<string>;
  citizen_id: string;
  peer_link_id: string | null;
  kind: 'given' | 'withdrawn' | 'changed';
  scope: string;
  wording_version: string;
  at: CreatedAt;
}

export interface SuggestionsTable {
  id: Generated<string>;
  statement_id: string;
  field_key: string;
  author_user_id: string | null;
  text: Uint8Array;
  status: Generated<'open' | 'accepted' | 'edited' | 'rejected'>;
  final_text: Uint8Array | null;
  created_at: CreatedAt;
  decided_at: Timestamp | null;
  base_text: Uint8Array | null;
  applied_as: 'replace' | 'add' | null;
}

export interface AuthorshipEventsTable {
  id: Generated<string>;
  statement_id: string;
  field_key: string;
  kind: 'wrote' | 'wrote_together' | 'suggested' | 'accepted' | 'edited' | 'rejected';
  author_user_id: string | null;
  with_user_id: string | null;
  excerpt: Uint8Array | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}

import type { ChimeTheme, PracticeNoteKind, SessionKind } from '../../domain/peer/kinds.ts';

export type { ChimeTheme, PracticeNoteKind, SessionKind };

export interface PeerSessionsTable {
  id: Generated<string>;
  organisation_id: string;
  site_id: string | null;
  peer_user_id: string | null;
  citizen_id: string | null;
  occurred_on: ColumnType<string, string, string>;
  duration_minutes: number;
  format: 'individual' | 'group';
  participants: number;
  kind: SessionKind;
  themes: ColumnType<string[], string[], string[]>;
  statement_worked: Generated<boolean>;
  volunteer: Generated<boolean>;
  note: Uint8Array | null;
  note_shared: Generated<boolean>;
  created_at: CreatedAt;
}

/** The citizen's own comment on a session a peer logged with them (migration 028). */
export interface PeerSessionCommentsTable {
  id: Generated<string>;
  session_id: string;
  citizen_id: string;
  body: Uint8Array;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ReflectionsTable {
  id: Generated<string>;
  peer_user_id: string;
  organisation_id: string;
  written_on: ColumnType<string, string, string>;
  content: Uint8Array;
  shared_before_groups: Generated<boolean>;
  group_id: string | null;
  round_id: string | null;
  phase: ActionLearningPhase | null;
  created_at: CreatedAt;
}

import type { ActionLearningPhase, GroupAdmission } from '../../domain/peer/learning.ts';
export type { ActionLearningPhase, GroupAdmission };

export interface LearningGroupsTable {
  id: Generated<string>;
  name: string;
  purpose: string;
  admission: GroupAdmission;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface LearningGroupMembersTable {
  group_id: string;
  user_id: string;
  host: Generated<boolean>;
  asked_at: Generated<Date>;
  admitted_at: Timestamp | null;
}

export interface ReflectionRepliesTable {
  id: Generated<string>;
  reflection_id: string;
  author_id: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

export interface RoundsTable {
  id: Generated<string>;
  organisation_id: string;
  title: string;
  method: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface RoundOrganisationsTable {
  round_id: string;
  organisation_id: string;
}

export interface RoundSitesTable {
  round_id: string;
  site_id: string;
}

export interface RoundPeersTable {
  round_id: string;
  peer_user_id: string;
}

export type RoundInvitationState = 'pending' | 'accepted' | 'declined' | 'withdrawn' | 'left';

export interface RoundInvitationsTable {
  round_id: string;
  organisation_id: string;
  state: RoundInvitationState;
  invited_at: Timestamp;
  answered_at: Timestamp | null;
}

export type Audience = 'citizen' | 'colleague' | 'peer';
export type ResponseMode = 'anonymous' | 'pseudonymous' | 'identified';

export interface QuestionnairesTable {
  id: Generated<string>;
  organisation_id: string | null;
  key: string;
  version: number;
  audience: Audience;
  definition: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface DistributionsTable {
  id: Generated<string>;
  round_id: string | null;
  questionnaire_id: string;
  organisation_id: string;
  site_id: string | null;
  mode: ResponseMode;
  token_hash: string;
  closes_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

/** Where an answer belongs: the same for a stored response and for one waiting in the queue. */
export interface AnswerPlace {
  questionnaire_id: string;
  distribution_id: string | null;
  round_id: string | null;
  organisation_id: string | null;
  site_id: string | null;
  audience: Audience;
}

export interface ResponsesTable extends AnswerPlace {
  id: Generated<string>;
  mode: ResponseMode;
  respondent_user_id: string | null;
  pseudonym: string | null;
  submitted_month: ColumnType<string, string, string>;
  submitted_at: Timestamp | null;
  meeting_id: string | null;
  submission_key: string;
}

export interface AnswersTable {
  response_id: string;
  item_key: string;
  ordinal: Generated<number>;
  value_option: string | null;
  value_number: number | null;
  value_text: Uint8Array | null;
}

/** Anonymous answers waiting to be written in a batch: no time finer than the month, no person. */
export interface AnswerQueueTable extends AnswerPlace {
  id: Generated<string>;
  month: ColumnType<string, string, never>;
  submission_key: string;
  answers: ColumnType<unknown, string, never>;
}

export interface SystemKeysTable {
  name: string;
  wrapped_key: Uint8Array;
}

export interface ErasureLedgerTable {
  user_id: string;
  erased_at: Timestamp;
}

export interface PollsTable {
  id: Generated<string>;
  organisation_id: string;
  round_id: string | null;
  code: string;
  question: ColumnType<unknown, string, string>;
  open: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  vote_changes: Generated<number>;
  released: ColumnType<object | null, string | null | undefined, string | null>;
}

export interface PollVotesTable {
  poll_id: string;
  voter_hash: string;
  option_value: string;
}

export interface NewsletterSubscribersTable {
  id: Generated<string>;
  address_hash: string;
  address_sealed: Uint8Array;
  locale: Generated<Locale>;
  status: Generated<'pending' | 'active' | 'unsubscribed'>;
  confirm_token_hash: string | null;
  confirm_expires_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  unsubscribe_token_hash: string;
  unsubscribe_token_sealed: Uint8Array;
  unsubscribed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface NewsletterIssuesTable {
  id: Generated<string>;
  subject: string;
  body: string;
  sent_by: string | null;
  sent_at: Timestamp;
  recipient_count: number;
}

export interface PracticeNotesTable {
  id: Generated<string>;
  author_id: string;
  organisation_id: string;
  kind: PracticeNoteKind;
  content: Uint8Array;
  hidden_at: Timestamp | null;
  hidden_by: string | null;
  created_at: CreatedAt;
}

export interface PracticeCommentsTable {
  id: Generated<string>;
  note_id: string;
  author_id: string;
  content: Uint8Array;
  created_at: CreatedAt;
}

export interface DirectoryEntriesTable {
  user_id: string;
  membership_id: string;
  help_text: string;
  contact: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface NetworkEventsTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string | null;
  title: string;
  description: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string | null;
  online_url: string | null;
  capacity: number;
  created_at: CreatedAt;
}

export interface EventSignupsTable {
  event_id: string;
  user_id: string;
  status: 'seat' | 'waiting';
  signed_up_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EventNoticesTable {
  id: Generated<string>;
  user_id: string;
  kind: 'seat' | 'cancelled';
  event_id: string | null;
  event_title: string;
  starts_at: Timestamp;
  created_at: CreatedAt;
}

export interface GuidesTable {
  id: Generated<string>;
  organisation_id: string | null;
  title: string;
  summary: Generated<string>;
  language: Locale;
  body: string;
  published_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  starter_key: string | null;
}

export interface GuideNotesTable {
  id: Generated<string>;
  citizen_id: string;
  guide_id: string | null;
  text: Uint8Array;
  done: Generated<boolean>;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface AssessmentRoundsTable {
  id: Generated<string>;
  organisation_id: string;
  site_id: string;
  title: string;
  held_on: ColumnType<string, string, string>;
  items_version: string;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AssessmentResponsesTable {
  id: Generated<string>;
  round_id: string;
  user_id: string;
  answers: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface AssessmentActionsTable {
  id: Generated<string>;
  round_id: string;
  author_user_id: string | null;
  text: string;
  created_at: CreatedAt;
}

export interface AnswerTalliesTable {
  questionnaire_id: string;
  round_key: string;
  site_key: string;
  month: ColumnType<string, string, string>;
  item_key: string;
  value_option: string;
  n: ColumnType<string, number | undefined, number>;
  respondents: ColumnType<string, number | undefined, number>;
  value_sum: Generated<number>;
  value_square_sum: Generated<number>;
  value_count: ColumnType<string, number | undefined, number>;
}

export interface EvaluationReleasesTable {
  round_id: string;
  number: number;
  made_at: CreatedAt;
}

export interface EvaluationReleaseTablesTable {
  round_id: string;
  number: number;
  questionnaire_id: string;
  respondents: number;
  content: ColumnType<unknown, string, string>;
}

export interface EvaluationReleaseTextsTable {
  round_id: string;
  number: number;
  questionnaire_id: string;
  item_key: string;
  ordinal: number;
  sealed_text: Uint8Array;
}

export interface EvaluationActivityMonthsTable {
  round_id: string;
  month: ColumnType<string, string, string>;
  figures: ColumnType<unknown, string, string>;
}

export interface PasskeysTable {
  id: string;
  user_id: string;
  public_key: Uint8Array;
  counter: ColumnType<string, number | undefined, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
}

export interface WebauthnChallengesTable {
  id: Generated<string>;
  user_id: string | null;
  purpose: 'register' | 'authenticate';
  challenge: string;
  expires_at: Timestamp;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  created_at: CreatedAt;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export type MatchClaim = 'email' | 'preferred_username' | 'oid';
export type OidcFlowPurpose = 'staff-sign-in' | 'staff-link' | 'citizen-sign-in' | 'citizen-link';

export interface IdentityProvidersTable {
  organisation_id: string;
  issuer: string;
  client_id: string;
  data_key: Uint8Array;
  client_secret: Uint8Array;
  match_claim: Generated<MatchClaim>;
  mfa_from_amr: Generated<boolean>;
  mfa_acr: string | null;
  updated_at: Timestamp;
}

export interface StaffIdentitiesTable {
  organisation_id: string;
  identity_hash: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface CitizenIdentitiesTable {
  issuer: string;
  subject_hash: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface OidcFlowsTable {
  id: string;
  purpose: OidcFlowPurpose;
  organisation_id: string | null;
  user_id: string | null;
  state: string;
  nonce: string;
  code_verifier: string;
  expires_at: Timestamp;
}

export type NoticeKind =
  | 'suggestion'
  | 'plan'
  | 'share_viewed'
  | 'note_answer'
  | 'support_comment'
  | 'support_share'
  | 'peer_offer'
  | 'session_comment'
  | 'group_reply'
  | 'group_join'
  | 'assessment_round';

export interface NoticesTable {
  id: Generated<string>;
  recipient_id: string;
  actor_id: string | null;
  kind: NoticeKind;
  subject_id: string;
  created_at: CreatedAt;
  seen_at: Timestamp | null;
}

export interface Database {
  kept_forms: KeptFormsTable;
  notices: NoticesTable;
  recovery_codes: RecoveryCodesTable;
  password_resets: PasswordResetsTable;
  identity_providers: IdentityProvidersTable;
  staff_identities: StaffIdentitiesTable;
  citizen_identities: CitizenIdentitiesTable;
  oidc_flows: OidcFlowsTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  answer_tallies: AnswerTalliesTable;
  support_comments: SupportCommentsTable;
  decision_progress: DecisionProgressTable;
  goal_ratings: GoalRatingsTable;
  evaluation_releases: EvaluationReleasesTable;
  evaluation_release_tables: EvaluationReleaseTablesTable;
  evaluation_release_texts: EvaluationReleaseTextsTable;
  evaluation_activity_months: EvaluationActivityMonthsTable;
  guides: GuidesTable;
  guide_notes: GuideNotesTable;
  assessment_rounds: AssessmentRoundsTable;
  assessment_responses: AssessmentResponsesTable;
  assessment_actions: AssessmentActionsTable;
  directory_entries: DirectoryEntriesTable;
  network_events: NetworkEventsTable;
  event_signups: EventSignupsTable;
  event_notices: EventNoticesTable;
  newsletter_subscribers: NewsletterSubscribersTable;
  newsletter_issues: NewsletterIssuesTable;
  practice_notes: PracticeNotesTable;
  practice_comments: PracticeCommentsTable;
  rounds: RoundsTable;
  round_organisations: RoundOrganisationsTable;
  round_sites: RoundSitesTable;
  round_peers: RoundPeersTable;
  round_invitations: RoundInvitationsTable;
  questionnaires: QuestionnairesTable;
  distributions: DistributionsTable;
  responses: ResponsesTable;
  answers: AnswersTable;
  answer_queue: AnswerQueueTable;
  system_keys: SystemKeysTable;
  erasure_ledger: ErasureLedgerTable;
  polls: PollsTable;
  poll_votes: PollVotesTable;
  peer_invitations: PeerInvitationsTable;
  peer_links: PeerLinksTable;
  consent_events: ConsentEventsTable;
  peer_link_sheets: PeerLinkSheetsTable;
  peer_offers: PeerOffersTable;
  peer_requests: PeerRequestsTable;
  suggestions: SuggestionsTable;
  authorship_events: AuthorshipEventsTable;
  peer_sessions: PeerSessionsTable;
  peer_session_comments: PeerSessionCommentsTable;
  reflections: ReflectionsTable;
  learning_groups: LearningGroupsTable;
  learning_group_members: LearningGroupMembersTable;
  reflection_replies: ReflectionRepliesTable;
  meetings: MeetingsTable;
  statement_snapshots: StatementSnapshotsTable;
  shares: SharesTable;
  follow_ups: FollowUpsTable;
  meeting_plans: MeetingPlansTable;
  decision_record_versions: DecisionRecordVersionsTable;
  anonymous_counts: AnonymousCountsTable;
  organisations: OrganisationsTable;
  sites: SitesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  staff_invitations: StaffInvitationsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  sheet_templates: SheetTemplatesTable;
  statements: StatementsTable;
  statement_versions: StatementVersionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
