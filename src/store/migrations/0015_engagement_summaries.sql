-- A contact's engagement summary kept between steps (engine/lifecycle-states.ts): per rule of the primary model, the
-- decay-weighted count at engagement_anchor of its events of the summarized types from before that instant
-- (EngagementSummary), with the key of the model and types it was summed for. A step then reads only the events since
-- the anchor, however long the contact's history, and carries the summary forward to its own anchor.
ALTER TABLE contacts ADD COLUMN engagement_anchor timestamptz, ADD COLUMN engagement_summary jsonb;
ALTER TABLE contacts ALTER COLUMN engagement_summary SET STATISTICS 0;

-- A summary no longer holds once an event from before its anchor is written to its contact, moved to or from it,
-- changed or removed (an import, a merge, a deletion, a late event): the change clears it, in its own transaction, and
-- the contact's next step sums its whole history again. Event ingestion marks its transaction
-- (leadcycle.events_stepped) and is passed over: it steps every event it writes or joins, and a step whose earliest
-- event is older than a contact's anchor sums that contact's whole history itself. Clearing there would lock the
-- contacts before the step locks them in order, and two batches would deadlock.
CREATE FUNCTION engagement_summary_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('leadcycle.events_stepped', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE contacts c SET engagement_anchor = NULL, engagement_summary = NULL
      FROM (SELECT workspace_id, contact_id, min(occurred_at) AS at FROM summary_new WHERE contact_id IS NOT NULL GROUP BY 1, 2) n
     WHERE c.workspace_id = n.workspace_id AND c.id = n.contact_id AND c.engagement_anchor > n.at;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE contacts c SET engagement_anchor = NULL, engagement_summary = NULL
      FROM (SELECT workspace_id, contact_id, min(occurred_at) AS at FROM summary_old WHERE contact_id IS NOT NULL GROUP BY 1, 2) n
     WHERE c.workspace_id = n.workspace_id AND c.id = n.contact_id AND c.engagement_anchor > n.at;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER engagement_summary_stale_insert AFTER INSERT ON events REFERENCING NEW TABLE AS summary_new
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
CREATE TRIGGER engagement_summary_stale_update AFTER UPDATE ON events REFERENCING OLD TABLE AS summary_old NEW TABLE AS summary_new
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
CREATE TRIGGER engagement_summary_stale_delete AFTER DELETE ON events REFERENCING OLD TABLE AS summary_old
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
