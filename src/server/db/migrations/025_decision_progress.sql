-- Issue 16, item 3: between meetings.
-- The citizen marks each decision of a meeting (or the first small step from their sheet) as done,
-- under way or not yet. Every mark is a new row, so the way there is kept; the newest row is where
-- the decision stands. decision_id is the decision's stable id inside the sealed decision record
-- (or 'first-step'), so it is text and not a reference. The note is sealed with the citizen's key.
CREATE TABLE decision_progress (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  decision_id text NOT NULL CHECK (length(decision_id) BETWEEN 1 AND 100),
  status text NOT NULL CHECK (status IN ('done', 'underway', 'notYet')),
  note bytea,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decision_progress_meeting ON decision_progress(meeting_id, created_at);
CREATE INDEX decision_progress_owner ON decision_progress(owner_id);

-- How close the citizen feels to their own goal, 0 to 10, after a meeting. Skipping it leaves no
-- row. Every rating is kept; own goals only, never a symptom score.
CREATE TABLE goal_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX goal_ratings_meeting ON goal_ratings(meeting_id, created_at);
CREATE INDEX goal_ratings_owner ON goal_ratings(owner_id);
