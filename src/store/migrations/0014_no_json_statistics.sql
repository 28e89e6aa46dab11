-- ANALYZE keeps the engine's lookups planned by key as a workspace grows (store/statistics.ts analyzes the events and
-- contacts tables as a workspace outgrows what the planner knows of it). Most of its time went on statistics of the
-- JSON columns: a most-common-values list and histogram of whole JSON documents, which no query uses (filters and
-- reports read properties by key, as expressions, which these statistics do not describe). Without them ANALYZE of
-- 210,000 events took 138–153 ms instead of 291–385 ms. A column's null fraction goes with them; `source IS NOT
-- NULL` is then estimated at the default 99.5%.
ALTER TABLE events ALTER COLUMN properties SET STATISTICS 0, ALTER COLUMN source SET STATISTICS 0;
ALTER TABLE contacts ALTER COLUMN properties SET STATISTICS 0, ALTER COLUMN original_source SET STATISTICS 0,
  ALTER COLUMN latest_source SET STATISTICS 0;
