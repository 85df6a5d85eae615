-- Foundation: organisations, sites, people, roles, sessions, rate limits, audit log.
-- Written for PostgreSQL 15 and PGlite (PostgreSQL 18) alike.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('region', 'municipality', 'volunteer_centre', 'network', 'other')),
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_organisation ON sites(organisation_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The sign-in name, stored lower-cased; the chosen name below is what people are called.
  username text NOT NULL UNIQUE CHECK (length(username) BETWEEN 3 AND 40),
  chosen_name text NOT NULL CHECK (length(chosen_name) BETWEEN 1 AND 60),
  kind text NOT NULL CHECK (kind IN ('citizen', 'staff')),
  is_admin boolean NOT NULL DEFAULT false,
  password_hash text NOT NULL,
  totp_secret bytea,
  totp_last_step bigint,
  -- This person's data key, wrapped with the installation key. Deleting the row makes
  -- every encrypted text of theirs unreadable, in backups too.
  data_key bytea NOT NULL,
  locale text NOT NULL DEFAULT 'da' CHECK (locale IN ('da', 'en')),
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  role text NOT NULL CHECK (role IN ('peer', 'professional', 'coordinator')),
  volunteer boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, organisation_id, role)
);
CREATE INDEX memberships_organisation ON memberships(organisation_id);

CREATE TABLE staff_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  role text NOT NULL CHECK (role IN ('peer', 'professional', 'coordinator')),
  volunteer boolean NOT NULL DEFAULT false,
  invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie token: a copy of this table cannot be used to sign in.
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- A staff member who gave the right password but not yet the second factor.
  second_factor_pending boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE rate_limits (
  bucket text NOT NULL,
  key_hash text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, key_hash, window_start)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_kind text NOT NULL CHECK (actor_kind IN ('self', 'staff', 'link', 'system', 'anonymous', 'peer', 'admin')),
  action text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
  subject_user_id uuid,
  object_type text,
  object_id text
);
CREATE INDEX audit_log_subject ON audit_log(subject_user_id, at);

-- Append-only: rows cannot be changed, and can only be removed by a citizen's erasure,
-- which sets egneord.erasure inside its own transaction.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('egneord.erasure', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  result text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
