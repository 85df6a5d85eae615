-- Guides Egne ord ships: a fresh installation has a small library, published by Egne ord itself
-- rather than by an organisation. Organisations copy one to adapt it; the copy is theirs.
ALTER TABLE guides ALTER COLUMN organisation_id DROP NOT NULL;
-- The starter guide's stable name (one per language); null for an organisation's own guide.
ALTER TABLE guides ADD COLUMN starter_key text CHECK (length(starter_key) BETWEEN 1 AND 100);
ALTER TABLE guides ADD CONSTRAINT guides_starter_or_organisation CHECK ((starter_key IS NULL) <> (organisation_id IS NULL));
CREATE UNIQUE INDEX guides_starter ON guides(starter_key, language) WHERE starter_key IS NOT NULL;
