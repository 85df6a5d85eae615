-- Signing in with an organisation's own identity provider (OpenID Connect), and citizens'
-- optional sign-in through the installation's broker (MitID).

-- One provider per organisation. The client secret is sealed with the row's own data key,
-- which the installation key wraps: a copy of the database does not give the secret away.
CREATE TABLE identity_providers (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  issuer text NOT NULL CHECK (length(issuer) BETWEEN 8 AND 500),
  client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
  data_key bytea NOT NULL,
  client_secret bytea NOT NULL,
  -- Which claim names the staff member: a verified e-mail, the provider's user name or its object id.
  match_claim text NOT NULL DEFAULT 'email' CHECK (match_claim IN ('email', 'preferred_username', 'oid')),
  -- When the provider's sign-in counts as the second factor: `amr` names "mfa", or `acr` is this value.
  mfa_from_amr boolean NOT NULL DEFAULT true,
  mfa_acr text CHECK (length(mfa_acr) BETWEEN 1 AND 200),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A staff account's identity at its organisation's provider: only a keyed hash of the claim's
-- value (with the issuer and claim name in it, so a changed provider matches nobody).
CREATE TABLE staff_identities (
  organisation_id uuid NOT NULL REFERENCES identity_providers(organisation_id) ON DELETE CASCADE,
  identity_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, identity_hash),
  UNIQUE (organisation_id, user_id)
);
CREATE INDEX staff_identities_user ON staff_identities(user_id);

-- An invitation may name the invitee's identity at the provider; accepting it links the account.
ALTER TABLE staff_invitations ADD COLUMN identity_hash text;

-- A citizen's link to the broker: a keyed hash of the broker's subject, never the subject
-- itself (behind MitID it may be derived from a CPR number).
CREATE TABLE citizen_identities (
  issuer text NOT NULL,
  subject_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject_hash),
  UNIQUE (issuer, user_id)
);
CREATE INDEX citizen_identities_user ON citizen_identities(user_id);

-- One sign-in round trip to a provider: state, nonce and PKCE verifier, bound to the browser by
-- a cookie whose hash is the id; taken out on the way back, so it works once.
CREATE TABLE oidc_flows (
  id text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('staff-sign-in', 'staff-link', 'citizen-sign-in', 'citizen-link')),
  organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The provider said it checked a second factor: the session has one, whatever the account holds.
ALTER TABLE sessions ADD COLUMN factor_from_provider boolean NOT NULL DEFAULT false;
