-- Who was erased, and when: the id and the time, nothing else (no name, no username). A restore
-- of a backup made before an erasure brings the person's rows back; the ledger, kept in the live
-- installation and in every later backup, erases them again (services/erasure.ts). Once the
-- person's rows are gone the id points at nothing.
CREATE TABLE erasure_ledger (
  user_id uuid PRIMARY KEY,
  erased_at timestamptz NOT NULL
);

-- Wrapped keys never go into the planner's statistics (pg_statistic keeps sample values of a
-- column), where an erased person's key would outlive their row.
ALTER TABLE users ALTER COLUMN data_key SET STATISTICS 0;
ALTER TABLE system_keys ALTER COLUMN wrapped_key SET STATISTICS 0;
