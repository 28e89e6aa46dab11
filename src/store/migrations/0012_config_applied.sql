-- When a whole-workspace re-evaluation finished under a configuration version: from then on every contact stands
-- where that version puts it, so the next change is re-evaluated against it (only the stages the change can open
-- to someone new are looked at). A version never applied (a re-evaluation stopped halfway) is not a base.
ALTER TABLE config_versions ADD COLUMN applied_at timestamptz;
