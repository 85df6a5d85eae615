-- An organisation that cannot offer a peer says so, rather than leaving the request open for ever.
ALTER TABLE peer_requests DROP CONSTRAINT peer_requests_status_check;
ALTER TABLE peer_requests ADD CONSTRAINT peer_requests_status_check CHECK (status IN ('open', 'offered', 'accepted', 'declined', 'closed'));
