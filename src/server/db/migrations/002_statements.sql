-- Sheet templates (versioned, built-in or an organisation's own) and statements with versions.

CREATE TABLE sheet_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (key ~ '^[a-z][a-zA-Z0-9-]{0,39}$'),
  version integer NOT NULL CHECK (version >= 1),
  organisation_id uuid REFERENCES organisations(id) ON DELETE CASCADE,
  definition jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- Built-in templates have no organisation; COALESCE makes (key, version) unique per owner.
CREATE UNIQUE INDEX sheet_templates_identity
  ON sheet_templates (COALESCE(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), key, version);

CREATE TABLE statements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES sheet_templates(id),
  -- Both sealed with the owner's data key: the database never holds them in plain text.
  purpose bytea NOT NULL,
  answers bytea NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statements_owner ON statements(owner_id, updated_at DESC);

CREATE TABLE statement_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  statement_id uuid NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  revision integer NOT NULL,
  answers bytea NOT NULL,
  author_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (statement_id, revision)
);
CREATE INDEX statement_versions_statement ON statement_versions(statement_id, created_at DESC);
