-- Anonymous answers wait here before they are written where reports count them, so that no
-- transaction writes an anonymous answer together with anything about the person who gave it
-- (their meeting, their log), and the stored answers do not lie in the order they came in.
-- A queued answer carries what its response row will carry and nothing more: no time finer than
-- the month, no person, no meeting, no sequence. The id is random (gen_random_uuid is v4).
CREATE TABLE answer_queue (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id),
  distribution_id uuid REFERENCES distributions(id) ON DELETE SET NULL,
  round_id uuid REFERENCES rounds(id) ON DELETE SET NULL,
  organisation_id uuid REFERENCES organisations(id) ON DELETE SET NULL,
  site_id uuid REFERENCES sites(id) ON DELETE SET NULL,
  audience text NOT NULL CHECK (audience IN ('citizen', 'colleague', 'peer')),
  month date NOT NULL CHECK (extract(day from month) = 1),
  -- Hash of the form's one-time key, as in responses: a repeated submission is queued once.
  submission_key text NOT NULL UNIQUE,
  -- The answer rows to write (free text already sealed with the evaluation key).
  answers jsonb NOT NULL
);

-- A meeting records only that the check-in was offered to its citizen (the page was shown), not
-- whether it was answered: "answered" next to the anonymous answer would tell who gave it.
ALTER TABLE meetings RENAME COLUMN check_in_done TO check_in_offered;
-- What was stored before said "answered". Every meeting already held counts as offered, so the
-- old flags no longer single out those who answered (their reminders had been on the list).
UPDATE meetings SET check_in_offered = true WHERE starts_at <= now();
