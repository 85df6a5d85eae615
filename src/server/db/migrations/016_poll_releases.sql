-- Live polls show releases, not running tallies: `released` is the result last shown
-- ({ counts, total, changes }), and `vote_changes` counts every new or changed vote, so the next
-- release waits until enough of them have come in (domain/evaluation/disclosure/polls.ts).
ALTER TABLE polls ADD COLUMN vote_changes integer NOT NULL DEFAULT 0;
ALTER TABLE polls ADD COLUMN released jsonb;

-- Polls from before: their tallies were shown live already, so the current one becomes the
-- first release where at least 5 have voted (the view still applies the configured threshold).
UPDATE polls SET vote_changes = v.n
FROM (SELECT poll_id, count(*)::int AS n FROM poll_votes GROUP BY poll_id) v
WHERE v.poll_id = polls.id;

UPDATE polls SET released = jsonb_build_object(
  'counts', (
    SELECT jsonb_agg((SELECT count(*) FROM poll_votes pv WHERE pv.poll_id = polls.id AND pv.option_value = o.i::text) ORDER BY o.i)
    FROM generate_series(0, jsonb_array_length(polls.question -> 'options') - 1) AS o(i)
  ),
  'total', polls.vote_changes,
  'changes', polls.vote_changes
)
WHERE polls.vote_changes >= 5;
