-- Another organisation takes part in a round only when its own coordinator says yes. The
-- invitation keeps its state; round_organisations keeps holding the organisations that take
-- part now (accepted and not left), so everything that reads it counts only those.
CREATE TABLE round_invitations (
  round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('pending', 'accepted', 'declined', 'withdrawn', 'left')),
  invited_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz,
  PRIMARY KEY (round_id, organisation_id)
);
CREATE INDEX round_invitations_organisation ON round_invitations(organisation_id, state);

-- Organisations put into a round before consent existed never said yes: they are invited
-- instead, and their sites and peers leave the round until they accept.
INSERT INTO round_invitations (round_id, organisation_id, state, invited_at)
  SELECT ro.round_id, ro.organisation_id, 'pending', r.created_at
  FROM round_organisations ro JOIN rounds r ON r.id = ro.round_id
  WHERE ro.organisation_id <> r.organisation_id;
DELETE FROM round_organisations;
DELETE FROM round_sites rs USING rounds r, sites s
  WHERE r.id = rs.round_id AND s.id = rs.site_id AND s.organisation_id <> r.organisation_id;
DELETE FROM round_peers rp USING rounds r
  WHERE r.id = rp.round_id
    AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = rp.peer_user_id AND m.role = 'peer' AND m.organisation_id = r.organisation_id);
