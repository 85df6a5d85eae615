-- Meetings, frozen snapshots of what was brought, share links, follow-ups and plans.

CREATE TABLE meetings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  -- Free text, sealed with the owner's key.
  with_whom bytea NOT NULL,
  purpose bytea NOT NULL,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  statement_id uuid REFERENCES statements(id) ON DELETE SET NULL,
  snapshot_id uuid,
  reminder boolean NOT NULL DEFAULT false,
  reminder_sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meetings_owner ON meetings(owner_id, starts_at);

CREATE TABLE statement_snapshots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_id uuid REFERENCES meetings(id) ON DELETE CASCADE,
  statement_id uuid REFERENCES statements(id) ON DELETE SET NULL,
  statement_revision integer NOT NULL,
  template_id uuid NOT NULL REFERENCES sheet_templates(id),
  purpose bytea NOT NULL,
  answers bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statement_snapshots_owner ON statement_snapshots(owner_id);
-- Deferred, so a backup can restore meetings and snapshots (which point at each other) in one transaction.
ALTER TABLE meetings ADD CONSTRAINT meetings_snapshot FOREIGN KEY (snapshot_id) REFERENCES statement_snapshots(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;

CREATE TABLE shares (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  snapshot_id uuid NOT NULL REFERENCES statement_snapshots(id) ON DELETE CASCADE,
  meeting_id uuid REFERENCES meetings(id) ON DELETE CASCADE,
  -- Only the SHA-256 of the link token: the link cannot be rebuilt from the database.
  token_hash text NOT NULL UNIQUE,
  recipient_user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  recipient_label bytea,
  allow_plan boolean NOT NULL DEFAULT false,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shares_owner ON shares(owner_id);
CREATE INDEX shares_recipient ON shares(recipient_user_id);

CREATE TABLE follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL UNIQUE REFERENCES meetings(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Sealed JSON: what was agreed in the person's words, marks per help item and red line,
  -- the check-in answers and any disagreement.
  content bytea NOT NULL,
  with_peer boolean NOT NULL DEFAULT false,
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE meeting_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL UNIQUE REFERENCES meetings(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  share_id uuid REFERENCES shares(id) ON DELETE SET NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Sealed with the citizen's key: the plan is part of the citizen's data.
  content bytea NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What erasure leaves behind for evaluation: counts per month, nothing about a person.
CREATE TABLE anonymous_counts (
  month date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('statement', 'meeting', 'check_in', 'share')),
  n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, kind)
);
