-- Predictive score: trained models (one active per workspace) and each contact's latest prediction.
CREATE TABLE predictive_models (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('logistic', 'gbt')),
  -- 'workspace' (the workspace's own contacts) or 'csv' (an imported file of historical leads)
  trained_from text NOT NULL CHECK (trained_from IN ('workspace', 'csv')),
  target_stage text NOT NULL,
  within_days integer NOT NULL CHECK (within_days > 0),
  horizon_days integer NOT NULL CHECK (horizon_days >= 0),
  seed integer NOT NULL,
  model jsonb NOT NULL,
  report jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX predictive_models_one_active ON predictive_models (workspace_id) WHERE active;

-- A table of its own rather than columns on contacts: a training run rewrites every row at once, and
-- keeping that churn (and the top-features JSON) off the contacts table keeps its rows and updates small.
CREATE TABLE predictive_scores (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  contact_id uuid NOT NULL,
  model_id uuid NOT NULL,
  probability double precision NOT NULL,
  top_features jsonb NOT NULL,
  scored_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, contact_id)
);
CREATE INDEX predictive_scores_probability ON predictive_scores (workspace_id, probability DESC);
