-- Accounts people can keep: when a session last proved who it is (re-authentication before
-- changing how one signs in), a second-factor set-up that keeps its key until confirmed,
-- one-time recovery codes, and one-time links to reset a password by e-mail.

-- Set at a full sign-in and at each "confirm it is you"; changes to how one signs in need it
-- to be a few minutes old at most.
ALTER TABLE sessions ADD COLUMN authenticated_at timestamptz;

-- The authenticator key being set up, sealed with the person's data key like totp_secret: the
-- same key is shown on every reload until it is confirmed or the set-up is cancelled.
ALTER TABLE users ADD COLUMN totp_pending_secret bytea;
-- When a coordinator or administrator last reset this person's second factor: the person is
-- told at their next sign-in, and it is cleared when they set up a new one.
ALTER TABLE users ADD COLUMN second_factor_reset_at timestamptz;

-- Only a hash of each code is kept (salted with the person's id); a used code is deleted.
CREATE TABLE recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- One-time, short-lived links sent to a citizen's reminder e-mail; only the token's hash.
CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX password_resets_user ON password_resets(user_id);
