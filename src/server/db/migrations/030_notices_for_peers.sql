-- Issue 17: "what's new" also tells a citizen that an organisation has offered them a peer
-- (subject: the request), a peer that a citizen commented on a session they logged (subject: the
-- session), and a writer that someone replied to their reflection in a group (subject: the group).
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check
  CHECK (kind IN ('suggestion', 'plan', 'share_viewed', 'note_answer', 'support_comment', 'support_share', 'peer_offer', 'session_comment', 'group_reply'));
