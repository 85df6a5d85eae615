-- A suggestion is decided against the text that is in the citizen's sheet now, and the citizen
-- chooses what happens to that text.
-- The part's text when the peer suggested (sealed with the citizen's key): the review page says
-- when the citizen's text has changed since. Null for suggestions made before this.
ALTER TABLE suggestions ADD COLUMN base_text bytea;
-- What an accepted or edited suggestion did to the part: took the place of the text, or was
-- added below it. Suggestions accepted before this were added below the text.
ALTER TABLE suggestions ADD COLUMN applied_as text CHECK (applied_as IN ('replace', 'add'));
UPDATE suggestions SET applied_as = 'add' WHERE status IN ('accepted', 'edited');
ALTER TABLE suggestions ADD CONSTRAINT suggestions_applied_when_used CHECK ((applied_as IS NULL) = (status IN ('open', 'rejected')));
