-- Issue 17, part 4: learning groups across organisations.

-- A learning group: peers (and coordinators) from any organisation of the installation who share
-- reflections on their own practice. 'open': anyone who works as a peer or coordinator may join at
-- once; 'request': they ask, and a host (the one who made it, or a member a host admitted as host)
-- lets them in. The name and purpose are read by everyone who may join, so they are not sealed.
CREATE TABLE learning_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  purpose text NOT NULL CHECK (length(purpose) <= 600),
  admission text NOT NULL CHECK (admission IN ('open', 'request')),
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Who is in a group. admitted_at is null while a request waits for a host. Leaving, being
-- removed by a host and erasure delete the row.
CREATE TABLE learning_group_members (
  group_id uuid NOT NULL REFERENCES learning_groups(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  host boolean NOT NULL DEFAULT false,
  asked_at timestamptz NOT NULL DEFAULT now(),
  admitted_at timestamptz,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX learning_group_members_user ON learning_group_members(user_id);

-- A reflection is shared with one chosen group (or with none: private to the peer), and may be
-- tied to an action-learning round and one of its phases.
--
-- Before, a reflection could be "shared with the learning group" (a yes/no, read by the peers of
-- the same organisation). No group was ever chosen, so those reflections now stay private to the
-- peer who wrote them: shared_before_groups remembers which they were, and the reflections page
-- tells their writer that they can now choose a group for each. It is cleared when they share one.
ALTER TABLE reflections ADD COLUMN group_id uuid REFERENCES learning_groups(id) ON DELETE SET NULL;
ALTER TABLE reflections ADD COLUMN round_id uuid REFERENCES rounds(id) ON DELETE SET NULL;
ALTER TABLE reflections ADD COLUMN phase text CHECK (phase IN ('plan', 'act', 'observe', 'reflect'));
ALTER TABLE reflections RENAME COLUMN shared_with_group TO shared_before_groups;
CREATE INDEX reflections_group ON reflections(group_id, written_on);

-- Replies from the group's members to a shared reflection: sealed with the replier's own data key,
-- deleted by their author, with the reflection, and on erasure of either person.
CREATE TABLE reflection_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reflection_id uuid NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reflection_replies_reflection ON reflection_replies(reflection_id, created_at);
CREATE INDEX reflection_replies_author ON reflection_replies(author_id);
