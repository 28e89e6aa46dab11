-- Data hygiene: resumable imports, the duplicate review queue, saved views.

-- One row per import of one file. A batch commits its rows and `last_line` in one transaction, so a
-- re-run of an interrupted import (same fingerprint) continues after the last committed line.
CREATE TABLE imports (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  object_type text NOT NULL CHECK (object_type IN ('contact', 'company', 'deal', 'event')),
  fingerprint text NOT NULL,
  file_name text NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed')),
  last_line integer NOT NULL DEFAULT 0,
  rows_done integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  unchanged integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  companies_created integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX imports_fingerprint ON imports (workspace_id, fingerprint, status);

-- A pair is stored once, contact_a < contact_b; a dismissed pair stays, so a scan never proposes it again.
CREATE TABLE duplicate_candidates (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  contact_a uuid NOT NULL,
  contact_b uuid NOT NULL,
  score double precision NOT NULL,
  matched_fields jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'dismissed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  PRIMARY KEY (workspace_id, id),
  CHECK (contact_a < contact_b)
);
CREATE UNIQUE INDEX duplicate_candidates_pair ON duplicate_candidates (workspace_id, contact_a, contact_b);
CREATE INDEX duplicate_candidates_status ON duplicate_candidates (workspace_id, status, score DESC);

CREATE TABLE saved_views (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  object_type text NOT NULL CHECK (object_type IN ('contact', 'company', 'deal')),
  filter jsonb,
  sort text NOT NULL DEFAULT 'createdAt',
  sort_order text NOT NULL DEFAULT 'asc' CHECK (sort_order IN ('asc', 'desc')),
  columns jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, object_type, name)
);

-- Deals imported from another system keep its id, so a re-import updates instead of duplicating.
ALTER TABLE deals ADD COLUMN external_id text;
CREATE UNIQUE INDEX deals_external_id ON deals (workspace_id, external_id) WHERE external_id IS NOT NULL;
-- An import links a contact to a company by name when the file names one but gives no domain.
CREATE INDEX companies_name ON companies (workspace_id, lower(name));
CREATE INDEX contacts_phone ON contacts (workspace_id, phone) WHERE phone IS NOT NULL AND merged_into IS NULL;
