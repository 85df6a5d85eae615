-- Peer network across organisations: an opt-in directory of peers, and events with seats,
-- a waiting list and notices. Written for PostgreSQL 15 and PGlite (PostgreSQL 18) alike.

-- One entry per peer who chose to be found. It hangs on the peer membership it was made
-- through: when that membership is removed, the entry goes with it.
CREATE TABLE directory_entries (
  user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  membership_id uuid NOT NULL UNIQUE REFERENCES memberships(id) ON DELETE CASCADE,
  help_text text NOT NULL CHECK (length(help_text) BETWEEN 1 AND 1000),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE network_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) <= 5000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  place text CHECK (place IS NULL OR length(place) BETWEEN 1 AND 300),
  online_url text CHECK (online_url IS NULL OR (length(online_url) <= 500 AND online_url ~* '^https?://')),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CHECK (place IS NOT NULL OR online_url IS NOT NULL)
);
CREATE INDEX network_events_starts ON network_events(starts_at);

-- A seat or a place on the waiting list. Seats are given with the event row locked, so the
-- number of seats never passes the capacity.
CREATE TABLE event_signups (
  event_id uuid NOT NULL REFERENCES network_events(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('seat', 'waiting')),
  signed_up_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_signups_user ON event_signups(user_id);

-- What a person should know about their events: a seat came free for them, or the event was
-- cancelled. The title and time are copied, since a cancelled event is gone.
CREATE TABLE event_notices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('seat', 'cancelled')),
  event_id uuid REFERENCES network_events(id) ON DELETE SET NULL,
  event_title text NOT NULL,
  starts_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_notices_user ON event_notices(user_id);
