-- Evaluation: action-learning rounds, versioned questionnaires, distributions, responses.

CREATE TABLE rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  method text NOT NULL CHECK (length(method) <= 2000),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Organisations that joined a round; their coordinators see the round's aggregates.
CREATE TABLE round_organisations (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, organisation_id)
);

CREATE TABLE round_sites (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, site_id)
);

CREATE TABLE round_peers (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  peer_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, peer_user_id)
);

CREATE TABLE questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
  key text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  audience text NOT NULL CHECK (audience IN ('citizen', 'colleague', 'peer')),
  definition jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX questionnaires_identity
  ON questionnaires (COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), key, version);

CREATE TABLE distributions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid REFERENCES rounds(id) ON DELETE CASCADE,
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  mode text NOT NULL CHECK (mode IN ('anonymous', 'pseudonymous', 'identified')),
  token_hash text NOT NULL UNIQUE,
  closes_on date,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
  distribution_id uuid REFERENCES distributions(id) ON DELETE SET NULL,
  round_id uuid REFERENCES rounds(id) ON DELETE SET NULL,
  organisation_id uuid REFERENCES organisations(id) ON DELETE SET NULL,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  audience text NOT NULL CHECK (audience IN ('citizen', 'colleague', 'peer')),
  mode text NOT NULL CHECK (mode IN ('anonymous', 'pseudonymous', 'identified')),
  -- Only for identified answers; anonymous ones keep no link to anyone.
  respondent_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  pseudonym text,
  -- Anonymous answers keep only the month, so nobody can match one to a meeting by its time.
  submitted_month date NOT NULL,
  submitted_at timestamptz,
  meeting_id uuid REFERENCES meetings(id) ON DELETE SET NULL,
  -- Hash of the form's one-time key: a repeated submission makes no second response.
  submission_key text NOT NULL UNIQUE,
  CHECK (mode <> 'anonymous' OR (respondent_user_id IS NULL AND submitted_at IS NULL AND meeting_id IS NULL AND pseudonym IS NULL))
);
CREATE INDEX responses_q ON responses(questionnaire_id, submitted_month);
CREATE INDEX responses_round ON responses(round_id, site_id);

CREATE TABLE answers (
  response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
  item_key text NOT NULL,
  -- Several rows for one multiple-choice item, numbered from 0.
  ordinal smallint NOT NULL DEFAULT 0,
  value_option text,
  value_number double precision,
  -- Free text, sealed with the evaluation key.
  value_text bytea,
  PRIMARY KEY (response_id, item_key, ordinal)
);
CREATE INDEX answers_item ON answers(item_key, value_option);

-- Keys that belong to the installation rather than to a person (wrapped by the installation key).
CREATE TABLE system_keys (
  name text PRIMARY KEY,
  wrapped_key bytea NOT NULL
);

CREATE TABLE polls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  round_id uuid REFERENCES rounds(id) ON DELETE SET NULL,
  code text NOT NULL UNIQUE,
  question jsonb NOT NULL,
  open boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE poll_votes (
  poll_id uuid NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  voter_hash text NOT NULL,
  option_value text NOT NULL,
  PRIMARY KEY (poll_id, voter_hash)
);
