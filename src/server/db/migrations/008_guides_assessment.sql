-- Guides by users for users, citizens' own notes from guide checklists, and a team's
-- recovery-orientation self-assessment (rounds, one response per person, actions).

CREATE TABLE guides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 400),
  language text NOT NULL CHECK (language IN ('da', 'en')),
  -- The guide's text in Egne ord's small guide format (headings, paragraphs, lists, checklists).
  body text NOT NULL CHECK (length(body) <= 20000),
  published_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guides_organisation ON guides(organisation_id, created_at);
CREATE INDEX guides_published ON guides(language, published_at) WHERE published_at IS NOT NULL;

-- "Mine noter": checklist items a citizen saved from a guide, sealed with the citizen's key.
CREATE TABLE guide_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  citizen_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  guide_id uuid REFERENCES guides(id) ON DELETE SET NULL,
  text bytea NOT NULL,
  done boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guide_notes_citizen ON guide_notes(citizen_id, created_at);

CREATE TABLE assessment_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  site_id uuid NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  held_on date NOT NULL,
  items_version text NOT NULL,
  closed_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_rounds_site ON assessment_rounds(site_id, held_on);
CREATE INDEX assessment_rounds_organisation ON assessment_rounds(organisation_id, held_on);

-- One response per person per round; only its author ever sees it on its own.
CREATE TABLE assessment_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  answers jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (round_id, user_id)
);

-- What the team decided to do after a round; shown to the team.
CREATE TABLE assessment_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES assessment_rounds(id) ON DELETE CASCADE,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessment_actions_round ON assessment_actions(round_id, created_at);
