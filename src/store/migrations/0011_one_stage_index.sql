-- Contacts keep one index on their lifecycle stage: contacts_stage_created (migration 0008), on the case-folded
-- stage that lists and the data-quality report look up. The plain (workspace_id, lifecycle_stage) index of 0001
-- served nothing else, and since the stage changes on every move, each of those moves wrote an entry to it too
-- (a stage change is never a HOT update): bulk re-evaluation, placement and ingestion paid for it on every row.
DROP INDEX IF EXISTS contacts_stage;
