-- The hosts of a learning group hear that someone has joined it or asks to (subject: the group).
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check
  CHECK (kind IN ('suggestion', 'plan', 'share_viewed', 'note_answer', 'support_comment', 'support_share', 'peer_offer', 'session_comment', 'group_reply', 'group_join'));
