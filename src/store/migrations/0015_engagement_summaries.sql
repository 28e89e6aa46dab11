-- A contact's engagement summary kept between steps (engine/lifecycle-states.ts): per rule of the primary model, the
-- decay-weighted count at engagement_anchor of its events of the summarized types from before that instant
-- (EngagementSummary), with the key of the model and types it was summed for. A step then reads only the events since
-- the anchor, however long the contact's history, and carries the summary forward to its own anchor.
ALTER TABLE contacts ADD COLUMN engagement_anchor timestamptz, ADD COLUMN engagement_summary jsonb;
ALTER TABLE contacts ALTER COLUMN engagement_summary SET STATISTICS 0;

-- A summary no longer holds once an event from before its anchor is written to its contact, moved to or from it,
-- changed or removed (an import, a merge, a deletion, a late event): the change clears it, in its own transaction, and
-- the contact's next step sums its whole history again. The change first waits for a step of the contact in progress
-- and holds off the next (FOR KEY SHARE against the step's FOR UPDATE, in the step's order): a step that read the
-- contact's events before the change committed may have kept a summary anchored after the change's events, so its
-- summary is looked at only once it is written.
CREATE FUNCTION engagement_summary_clear(workspaces uuid[], contacts uuid[], times timestamptz[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM contacts c
    JOIN (SELECT DISTINCT m.ws, m.contact FROM unnest(workspaces, contacts) AS m(ws, contact)) m ON c.workspace_id = m.ws AND c.id = m.contact
   ORDER BY c.workspace_id, c.id FOR KEY SHARE OF c;
  UPDATE contacts c SET engagement_anchor = NULL, engagement_summary = NULL
    FROM (SELECT m.ws, m.contact, min(m.at) AS at FROM unnest(workspaces, contacts, times) AS m(ws, contact, at) GROUP BY 1, 2) m
   WHERE c.workspace_id = m.ws AND c.id = m.contact AND c.engagement_anchor > m.at;
END $$;

-- Event ingestion marks its transaction (leadcycle.events_stepped) and is passed over: it steps every event it writes or
-- joins, and a step whose earliest event is older than a contact's anchor sums that contact's whole history itself.
-- Clearing there would lock the contacts before the step locks them in order, and two batches would deadlock.
CREATE FUNCTION engagement_summary_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('leadcycle.events_stepped', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM engagement_summary_clear(array_agg(workspace_id), array_agg(contact_id), array_agg(occurred_at)) FROM summary_new WHERE contact_id IS NOT NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM engagement_summary_clear(array_agg(workspace_id), array_agg(contact_id), array_agg(occurred_at)) FROM summary_old WHERE contact_id IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER engagement_summary_stale_insert AFTER INSERT ON events REFERENCING NEW TABLE AS summary_new
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
CREATE TRIGGER engagement_summary_stale_update AFTER UPDATE ON events REFERENCING OLD TABLE AS summary_old NEW TABLE AS summary_new
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
CREATE TRIGGER engagement_summary_stale_delete AFTER DELETE ON events REFERENCING OLD TABLE AS summary_old
  FOR EACH STATEMENT EXECUTE FUNCTION engagement_summary_stale();
