-- Evaluation releases: a round's answers are published as numbered releases, frozen once made,
-- instead of live tallies that move with every answer (see src/domain/evaluation/disclosure/).
CREATE TABLE evaluation_releases (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  number integer NOT NULL CHECK (number >= 1),
  made_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, number)
);

-- One questionnaire's tables in a release: its counts as they were and which entries are hidden.
-- Only where the questionnaire changed; later releases show its latest earlier table.
CREATE TABLE evaluation_release_tables (
  round_id uuid NOT NULL,
  number integer NOT NULL,
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  respondents integer NOT NULL CHECK (respondents >= 0),
  content jsonb NOT NULL,
  PRIMARY KEY (round_id, questionnaire_id, number),
  FOREIGN KEY (round_id, number) REFERENCES evaluation_releases(round_id, number) ON DELETE CASCADE
);

-- Free-text answers released in a batch of at least k writers, still sealed with the evaluation key.
CREATE TABLE evaluation_release_texts (
  round_id uuid NOT NULL,
  number integer NOT NULL,
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  item_key text NOT NULL,
  ordinal integer NOT NULL,
  sealed_text bytea NOT NULL,
  PRIMARY KEY (round_id, number, questionnaire_id, item_key, ordinal),
  FOREIGN KEY (round_id, number) REFERENCES evaluation_releases(round_id, number) ON DELETE CASCADE
);

-- Activity in a round (statements, meetings, check-ins, peer sessions), counted once per closed
-- calendar month in Danish time and never again.
CREATE TABLE evaluation_activity_months (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  month date NOT NULL,
  figures jsonb NOT NULL,
  PRIMARY KEY (round_id, month)
);
