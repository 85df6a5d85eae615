-- "What's new": in-app notices that something happened to a person's things. A notice holds
-- no text: it names the kind and the thing it is about, and the page renders a fixed sentence
-- with a link to it. Nothing in it was written by anybody.
--
--   suggestion    a peer suggested text for the recipient's statement   (subject: the statement)
--   plan          a professional wrote the plan of the recipient's meeting (subject: the meeting)
--   share_viewed  the recipient's shared sheet was opened for the first time (subject: the share)
--   note_answer   someone answered the recipient's practice note         (subject: the note)
CREATE TABLE notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- Who caused it, when that is known (a link has no account): erasing them removes it too.
  actor_id uuid REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('suggestion', 'plan', 'share_viewed', 'note_answer')),
  subject_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz
);
CREATE INDEX notices_recipient ON notices(recipient_id, created_at DESC);
CREATE INDEX notices_actor ON notices(actor_id) WHERE actor_id IS NOT NULL;
-- A share is "opened for the first time" once: two first views at the same moment make one notice.
CREATE UNIQUE INDEX notices_first_view ON notices(subject_id) WHERE kind = 'share_viewed';
