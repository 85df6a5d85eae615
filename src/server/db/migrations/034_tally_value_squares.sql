-- The sum of the squares of number and slider answers, beside their sum and count: a report can
-- then tell when everyone behind a mean gave the same value, which would make the mean each
-- person's answer (domain/evaluation/disclosure/releases.ts, allAlike), and hide it.
ALTER TABLE answer_tallies ADD COLUMN value_square_sum double precision NOT NULL DEFAULT 0;

-- Tallies kept so far get theirs from the answers still stored. Where answers have been deleted
-- since, the squares fall short of the sum; that reads as "alike" and hides the mean, never the
-- other way.
UPDATE answer_tallies AS t
SET value_square_sum = s.squares
FROM (
  SELECT r.questionnaire_id,
         coalesce(r.round_id, '00000000-0000-0000-0000-000000000000') AS round_key,
         coalesce(r.site_id, '00000000-0000-0000-0000-000000000000') AS site_key,
         r.submitted_month AS month,
         a.item_key,
         coalesce(a.value_option, '') AS value_option,
         sum(a.value_number * a.value_number) AS squares
  FROM answers a
  JOIN responses r ON r.id = a.response_id
  WHERE a.value_number IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6
) AS s
WHERE t.questionnaire_id = s.questionnaire_id
  AND t.round_key = s.round_key
  AND t.site_key = s.site_key
  AND t.month = s.month
  AND t.item_key = s.item_key
  AND t.value_option = s.value_option;
