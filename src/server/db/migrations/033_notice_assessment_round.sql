-- The team hears that a round of its self-assessment has been opened (subject: the round).
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check
  CHECK (kind IN ('suggestion', 'plan', 'share_viewed', 'note_answer', 'support_comment', 'support_share', 'peer_offer', 'session_comment', 'group_reply', 'group_join', 'assessment_round'));
