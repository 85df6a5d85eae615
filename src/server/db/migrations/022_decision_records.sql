-- The decision record of a meeting (shared decision making): one record per meeting, owned by
-- the citizen, in which the citizen and the professional each write their own parts. Every save
-- is a new row with the next revision, so every earlier version is kept and says who wrote it;
-- the newest row is the record. Sealed with the citizen's key: it is part of the citizen's data.
-- The free-text plans in meeting_plans stay readable as they were; new writing goes here.
CREATE TABLE decision_record_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  revision integer NOT NULL CHECK (revision >= 1),
  author_party text NOT NULL CHECK (author_party IN ('citizen', 'professional')),
  -- The professional's account when they wrote signed in; null for someone with the link.
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  share_id uuid REFERENCES shares(id) ON DELETE SET NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Two saves on the same revision: the second one is refused.
  UNIQUE (meeting_id, revision)
);
CREATE INDEX decision_record_versions_owner ON decision_record_versions(owner_id);
CREATE INDEX decision_record_versions_author ON decision_record_versions(author_user_id) WHERE author_user_id IS NOT NULL;
