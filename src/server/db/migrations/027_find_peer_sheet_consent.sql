-- Issue 17, parts 1 and 2: find a peer, and consent per sheet and per power.

-- What a peer link lets the peer do, as the citizen chose: read all sheets (also new ones) or
-- only the chosen ones (peer_link_sheets), and whether the peer may suggest text.
--
-- Existing links: until now a link let the peer read every sheet, also sheets written after the
-- link was made, and suggest text ("statements:read,statements:suggest" in consent_events). They
-- keep exactly that (all_sheets = true, may_suggest = true), so nothing visible changes for anyone
-- linked today; the citizen can narrow it on the "my peers" page. New links choose explicitly.
ALTER TABLE peer_links ADD COLUMN all_sheets boolean NOT NULL DEFAULT false;
ALTER TABLE peer_links ADD COLUMN may_suggest boolean NOT NULL DEFAULT false;
UPDATE peer_links SET all_sheets = true, may_suggest = true;

CREATE TABLE peer_link_sheets (
  peer_link_id uuid NOT NULL REFERENCES peer_links(id) ON DELETE CASCADE,
  statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  PRIMARY KEY (peer_link_id, statement_id)
);
CREATE INDEX peer_link_sheets_statement ON peer_link_sheets(statement_id);

-- A change of what a peer may see or do is a consent event of its own.
ALTER TABLE consent_events DROP CONSTRAINT consent_events_kind_check;
ALTER TABLE consent_events ADD CONSTRAINT consent_events_kind_check CHECK (kind IN ('given', 'withdrawn', 'changed'));

-- An organisation that offers peer support says where and how (it names no citizen, so plain text).
CREATE TABLE peer_offers (
  organisation_id uuid PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
  place text NOT NULL,
  how_to_meet text NOT NULL,
  format text NOT NULL CHECK (format IN ('individual', 'group', 'both')),
  published boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A citizen asks an organisation for a peer, with or without an account. No diagnosis field.
-- The free text (the wish, the name and how to reach the citizen) is sealed with the request's
-- own data key, since a request without an account has no owner key; the row (and its key) goes
-- when the citizen's account is erased. A request without an account is found again by its
-- private link: only the hash of its token is kept.
CREATE TABLE peer_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  citizen_id uuid REFERENCES users(id) ON DELETE CASCADE,
  token_hash text UNIQUE,
  data_key bytea NOT NULL,
  wish bytea NOT NULL,
  contact_name bytea,
  contact_how bytea,
  answer_in_app boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'offered', 'accepted', 'declined')),
  offered_peer_id uuid REFERENCES users(id) ON DELETE SET NULL,
  offered_at timestamptz,
  answered_at timestamptz,
  peer_link_id uuid REFERENCES peer_links(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX peer_requests_organisation ON peer_requests(organisation_id, created_at);
CREATE INDEX peer_requests_citizen ON peer_requests(citizen_id);
