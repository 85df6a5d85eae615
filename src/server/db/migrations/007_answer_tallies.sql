-- Running tallies of answers, kept in the same transaction as each response, so a report
-- reads a few hundred tally rows instead of scanning every answer.
CREATE TABLE answer_tallies (
  questionnaire_id uuid NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
  round_key uuid NOT NULL,       -- the round, or the zero uuid for answers outside a round
  site_key uuid NOT NULL,        -- the site, or the zero uuid
  month date NOT NULL,
  item_key text NOT NULL,        -- '' counts whole responses
  value_option text NOT NULL,    -- '' for items without options
  n bigint NOT NULL DEFAULT 0,
  respondents bigint NOT NULL DEFAULT 0,
  value_sum double precision NOT NULL DEFAULT 0,
  value_count bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (round_key, questionnaire_id, site_key, month, item_key, value_option)
);
