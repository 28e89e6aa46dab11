-- Events of one type across a workspace, in time: what stage criteria and segments over events read when
-- they are evaluated for a whole workspace at once (re-evaluation's candidates, lists filtered on an event),
-- and what reports by event type over a period will read. Without it such a condition reads every index
-- entry of the workspace in events_contact (type is its third column) once per condition.
CREATE INDEX events_type ON events (workspace_id, type, occurred_at) INCLUDE (contact_id);
