-- Lifecycle engine: score history (for charts and explanations over time).
CREATE TABLE score_history (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  contact_id uuid NOT NULL,
  at timestamptz NOT NULL,
  model text NOT NULL,
  fit double precision NOT NULL,
  engagement double precision NOT NULL,
  grade text NOT NULL,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX score_history_contact ON score_history (workspace_id, contact_id, at);
