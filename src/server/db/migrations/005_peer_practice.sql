-- Peer practice: invitations and consent-based links, suggestions and authorship,
-- the session log, reflections, and writing together at one device.

CREATE TABLE peer_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  peer_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  code_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE peer_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  peer_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  consent_version text NOT NULL,
  consented_at timestamptz NOT NULL,
  withdrawn_at timestamptz
);
CREATE UNIQUE INDEX peer_links_active ON peer_links(citizen_id, peer_user_id) WHERE withdrawn_at IS NULL;
CREATE INDEX peer_links_peer ON peer_links(peer_user_id) WHERE withdrawn_at IS NULL;

-- What was consented to, when, and in which wording; kept until the citizen erases the account.
CREATE TABLE consent_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  peer_link_id uuid REFERENCES peer_links(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('given', 'withdrawn')),
  scope text NOT NULL,
  wording_version text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consent_events_citizen ON consent_events(citizen_id, at);

CREATE TABLE suggestions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  field_key text NOT NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Sealed with the citizen's key: it is about them and in their statement.
  text bytea NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'edited', 'rejected')),
  final_text bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX suggestions_statement ON suggestions(statement_id, created_at);

-- Who wrote what: one row per save or decision, for the citizen's authorship trail.
CREATE TABLE authorship_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  field_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('wrote', 'wrote_together', 'suggested', 'accepted', 'edited', 'rejected')),
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  with_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  excerpt bytea,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX authorship_events_statement ON authorship_events(statement_id, at);

ALTER TABLE sessions ADD COLUMN together_with uuid REFERENCES users(id) ON DELETE SET NULL;

CREATE TABLE peer_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  -- Kept (as NULL) when the peer leaves, so the organisation's figures stay true.
  peer_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  citizen_id uuid REFERENCES users(id) ON DELETE SET NULL,
  occurred_on date NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 1 AND 720),
  format text NOT NULL CHECK (format IN ('individual', 'group')),
  participants integer NOT NULL CHECK (participants BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('conversation', 'companionship', 'meeting_preparation', 'accompanying', 'other')),
  themes text[] NOT NULL DEFAULT '{}',
  statement_worked boolean NOT NULL DEFAULT false,
  volunteer boolean NOT NULL DEFAULT false,
  note bytea,
  note_shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX peer_sessions_peer ON peer_sessions(peer_user_id, occurred_on);
CREATE INDEX peer_sessions_org ON peer_sessions(organisation_id, occurred_on);

CREATE TABLE reflections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  peer_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  written_on date NOT NULL,
  content bytea NOT NULL,
  shared_with_group boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reflections_org ON reflections(organisation_id, written_on);
