-- Issue 16, items 4 and 5.

-- The after-meeting check-in is asked once, on the meeting page. The meeting keeps only where it
-- stands: 'open', 'answered' (answered in the app: the answer itself went to the anonymous queue
-- in a transaction of its own and is not linked to the meeting), or 'asked_before' (the old,
-- separate anonymous check-in was shown; whether it was answered was never kept, so it is not
-- asked again, which would count those who did answer twice).
ALTER TABLE meetings ADD COLUMN check_in text NOT NULL DEFAULT 'open' CHECK (check_in IN ('open', 'answered', 'asked_before'));
UPDATE meetings SET check_in = 'asked_before' WHERE check_in_offered;

-- A share is for a professional (who may write the plan) or for a support person: a relative or
-- a bisidder, who reads the meeting and may leave their own comment, never edit the citizen's text.
ALTER TABLE shares ADD COLUMN kind text NOT NULL DEFAULT 'professional' CHECK (kind IN ('professional', 'support'));
ALTER TABLE shares ADD COLUMN allow_comment boolean NOT NULL DEFAULT false;

-- A support person's comments on a meeting: theirs, attributed, sealed with the citizen's key
-- (they are part of the citizen's data), and deleted by the citizen when the citizen wants.
CREATE TABLE support_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  share_id uuid REFERENCES shares(id) ON DELETE SET NULL,
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- The name the writer gave, and the comment: sealed with the owner's key.
  author_name bytea NOT NULL,
  body bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_comments_meeting ON support_comments(meeting_id, created_at);
CREATE INDEX support_comments_owner ON support_comments(owner_id);

-- Two more kinds of "what's new": a support person commented on the recipient's meeting
-- (subject: the meeting), and a meeting was shared with the recipient as a support person
-- (subject: the share).
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check
  CHECK (kind IN ('suggestion', 'plan', 'share_viewed', 'note_answer', 'support_comment', 'support_share'));
