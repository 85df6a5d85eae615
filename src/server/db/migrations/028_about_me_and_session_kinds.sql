-- Issue 17, parts 3 and 7.

-- Two more kinds of session, as the source material names them: being together (samvær), and a
-- single talk at the start or end of a course of treatment.
ALTER TABLE peer_sessions DROP CONSTRAINT peer_sessions_kind_check;
ALTER TABLE peer_sessions ADD CONSTRAINT peer_sessions_kind_check
  CHECK (kind IN ('conversation', 'being_together', 'companionship', 'meeting_preparation', 'accompanying', 'treatment_talk', 'other'));

-- Nothing about me without me: the citizen's own comment on a session a peer logged with them.
-- One per session, the citizen's alone to write, change and delete; the peer who logged the
-- session reads it. Sealed with the citizen's key: it is the citizen's data, and goes with them.
CREATE TABLE peer_session_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL UNIQUE REFERENCES peer_sessions(id) ON DELETE CASCADE,
  citizen_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX peer_session_comments_citizen ON peer_session_comments(citizen_id);
