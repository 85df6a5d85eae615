-- A form sent after its sender's sign-in had ended (a professional writing through a long
-- meeting, a peer called away): kept, sealed with the sender's own data key, until they have
-- signed in again and sent it on or thrown it away, and for a day at most.
CREATE TABLE kept_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Where the form was sent: the same path takes it when it is sent on.
  path text NOT NULL,
  fields bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX kept_forms_user ON kept_forms(user_id, created_at);
CREATE INDEX kept_forms_expires ON kept_forms(expires_at);
