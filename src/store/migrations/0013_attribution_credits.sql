-- The attribution report's conversions and their credits, kept per conversion so that a report adds up stored
-- credits instead of reading every journey's events. A contact whose conversions may have changed (a touch, a stage
-- entry, a deal or its creation changed) is marked stale by the triggers below, in the transaction of the change;
-- the report credits stale contacts' conversions from the events as before, and the attribution-refresh job
-- recomputes and stores them. So a report is exact whether or not the job has run.

-- A marking and the job serialize on the mark's row: a change locks the marks it finds (FOR KEY SHARE, in key order)
-- and adds the ones missing; the job takes a batch of marks FOR UPDATE, in key order, deletes them and recomputes in
-- the same transaction. So the job waits for a change that locked a mark until it commits, and then reads what the
-- change wrote; a change that comes after the job took a mark waits for the job, finds the mark gone, and marks again.
CREATE TABLE attribution_stale (
  workspace_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, contact_id)
);

-- One row a conversion: a contact (contacts, mqls, sqls, opportunities) or a deal (pipeline, revenue).
CREATE TABLE attribution_conversions (
  workspace_id uuid NOT NULL,
  metric text NOT NULL,
  conv_id uuid NOT NULL,
  at timestamptz NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (workspace_id, conv_id, metric)
);
CREATE INDEX attribution_conversions_at ON attribution_conversions (workspace_id, metric, at);

-- The contacts of each stored deal conversion, as stored: a deal's stored rows are found by any of them when it goes
-- stale, though it may have left the deal since.
CREATE TABLE attribution_deal_contacts (
  workspace_id uuid NOT NULL,
  deal_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  PRIMARY KEY (workspace_id, deal_id, contact_id)
);
CREATE INDEX attribution_deal_contacts_contact ON attribution_deal_contacts (workspace_id, contact_id);

-- A conversion's credit to each key (channel or campaign) under each model; `(none)` takes what no touch carries.
CREATE TABLE attribution_credits (
  workspace_id uuid NOT NULL,
  metric text NOT NULL,
  by text NOT NULL,
  conv_id uuid NOT NULL,
  key text NOT NULL,
  at timestamptz NOT NULL,
  first_touch float8 NOT NULL,
  last_touch float8 NOT NULL,
  linear float8 NOT NULL,
  u_shaped float8 NOT NULL,
  w_shaped float8 NOT NULL,
  full_path float8 NOT NULL,
  time_decay float8 NOT NULL,
  PRIMARY KEY (workspace_id, conv_id, metric, by, key)
);
CREATE INDEX attribution_credits_at ON attribution_credits (workspace_id, metric, by, at);

-- Marks contacts stale: locks the marks that exist, in key order, and adds the missing ones.
CREATE FUNCTION attribution_mark(workspaces uuid[], contacts uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM attribution_stale s
    JOIN (SELECT DISTINCT w, c FROM unnest(workspaces, contacts) AS m(w, c) WHERE c IS NOT NULL) m ON s.workspace_id = m.w AND s.contact_id = m.c
    ORDER BY s.workspace_id, s.contact_id FOR KEY SHARE OF s;
  INSERT INTO attribution_stale (workspace_id, contact_id)
    SELECT DISTINCT w, c FROM unnest(workspaces, contacts) AS m(w, c) WHERE c IS NOT NULL ORDER BY 1, 2
    ON CONFLICT DO NOTHING;
END $$;

-- Touches: an event with a source names its contact's journey (a visitor join or a merge moves it).
CREATE FUNCTION attribution_stale_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM attribution_mark(array_agg(workspace_id), array_agg(contact_id)) FROM attribution_new WHERE contact_id IS NOT NULL AND source IS NOT NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM attribution_mark(array_agg(workspace_id), array_agg(contact_id)) FROM attribution_old WHERE contact_id IS NOT NULL AND source IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER attribution_stale_events_insert AFTER INSERT ON events REFERENCING NEW TABLE AS attribution_new
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_events();
-- Transition tables take no column list, so every update of events (a visitor join, a merge: rare, and small) marks.
CREATE TRIGGER attribution_stale_events_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS attribution_old NEW TABLE AS attribution_new FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_events();
CREATE TRIGGER attribution_stale_events_delete AFTER DELETE ON events REFERENCING OLD TABLE AS attribution_old
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_events();

-- Rows naming a contact in the column the trigger gives: stage entries (the stage metrics' conversions and the
-- opportunity milestone), contacts (a new one is a conversion and its creation the lead milestone; a deleted one is
-- no longer one), and deals' contacts (a deal is credited to its contacts' journeys).
CREATE FUNCTION attribution_stale_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SELECT attribution_mark(array_agg(workspace_id), array_agg(%I)) FROM %I',
                 TG_ARGV[0], CASE WHEN TG_OP = 'INSERT' THEN 'attribution_new' ELSE 'attribution_old' END);
  RETURN NULL;
END $$;
CREATE TRIGGER attribution_stale_transitions_insert AFTER INSERT ON stage_transitions REFERENCING NEW TABLE AS attribution_new
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('contact_id');
CREATE TRIGGER attribution_stale_transitions_delete AFTER DELETE ON stage_transitions REFERENCING OLD TABLE AS attribution_old
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('contact_id');
CREATE TRIGGER attribution_stale_contacts_insert AFTER INSERT ON contacts REFERENCING NEW TABLE AS attribution_new
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('id');
CREATE TRIGGER attribution_stale_contacts_delete AFTER DELETE ON contacts REFERENCING OLD TABLE AS attribution_old
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('id');
CREATE TRIGGER attribution_stale_deal_contacts_insert AFTER INSERT ON deal_contacts REFERENCING NEW TABLE AS attribution_new
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('contact_id');
CREATE TRIGGER attribution_stale_deal_contacts_delete AFTER DELETE ON deal_contacts REFERENCING OLD TABLE AS attribution_old
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_rows('contact_id');

-- A stage entry moved (a merge): a row at a time, so that closing a stay (exited_at, with every move) does not fire.
CREATE FUNCTION attribution_stale_moved_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_mark(ARRAY[OLD.workspace_id, NEW.workspace_id], ARRAY[OLD.contact_id, NEW.contact_id]);
  RETURN NULL;
END $$;
CREATE TRIGGER attribution_stale_transitions_update AFTER UPDATE OF contact_id, to_stage, entered_at ON stage_transitions
  FOR EACH ROW EXECUTE FUNCTION attribution_stale_moved_transition();

-- A contact's creation or merge changed: a row at a time, and only then; the contacts' other updates (every ingested
-- batch) do not fire at all.
CREATE FUNCTION attribution_stale_changed_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_mark(ARRAY[NEW.workspace_id], ARRAY[NEW.id]);
  RETURN NULL;
END $$;
CREATE TRIGGER attribution_stale_contacts_update AFTER UPDATE OF created_at, merged_into ON contacts
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.merged_into IS DISTINCT FROM NEW.merged_into)
  EXECUTE FUNCTION attribution_stale_changed_contact();

-- A deal changed: its contacts.
CREATE FUNCTION attribution_stale_deals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM attribution_mark(array_agg(dc.workspace_id), array_agg(dc.contact_id))
    FROM attribution_new d JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id;
  RETURN NULL;
END $$;
CREATE TRIGGER attribution_stale_deals_update AFTER UPDATE ON deals REFERENCING NEW TABLE AS attribution_new
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_stale_deals();

-- What exists now has no stored credits yet: every contact starts stale, credited from its events until the job runs.
INSERT INTO attribution_stale (workspace_id, contact_id) SELECT workspace_id, id FROM contacts;
