-- The peer network's newsletter (double opt-in, no account needed) and shared practice notes.

-- An address is kept sealed with the installation's newsletter key; lookups use a SHA-256 of
-- the normalised address. Only token hashes are stored, except the unsubscribe token, which
-- every issue must carry and is therefore kept sealed as well.
CREATE TABLE newsletter_subscribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  address_hash text NOT NULL UNIQUE,
  address_sealed bytea NOT NULL,
  locale text NOT NULL DEFAULT 'da' CHECK (locale IN ('da', 'en')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'unsubscribed')),
  confirm_token_hash text UNIQUE,
  confirm_expires_at timestamptz,
  confirmed_at timestamptz,
  unsubscribe_token_hash text NOT NULL UNIQUE,
  unsubscribe_token_sealed bytea NOT NULL,
  unsubscribed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX newsletter_subscribers_active ON newsletter_subscribers(status);

CREATE TABLE newsletter_issues (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject text NOT NULL,
  body text NOT NULL,
  sent_by uuid REFERENCES users(id) ON DELETE SET NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  recipient_count integer NOT NULL DEFAULT 0
);
CREATE INDEX newsletter_issues_sent ON newsletter_issues(sent_at);

-- Practice notes are sealed with the author's data key, like reflections.
CREATE TABLE practice_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('worked', 'method', 'question')),
  content bytea NOT NULL,
  hidden_at timestamptz,
  hidden_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practice_notes_created ON practice_notes(created_at);

CREATE TABLE practice_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  note_id uuid NOT NULL REFERENCES practice_notes(id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX practice_comments_note ON practice_comments(note_id, created_at);
