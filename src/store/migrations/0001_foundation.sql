-- Foundation schema. Every table's key begins with workspace_id so a distributed PostgreSQL can
-- shard by workspace; ids are UUIDv7 made by the application.

CREATE TABLE workspaces (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, email)
);

CREATE TABLE api_keys (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL,
  key_hash text NOT NULL,
  key_prefix text NOT NULL,
  user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
-- Authentication looks a key up by its hash before the workspace is known.
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);

CREATE TABLE property_definitions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  object_type text NOT NULL CHECK (object_type IN ('contact', 'company', 'deal')),
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'date', 'datetime', 'enum', 'multi_enum')),
  label text NOT NULL,
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  protected boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, object_type, name)
);

CREATE TABLE companies (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL DEFAULT '',
  domain text,
  industry text,
  employees integer,
  annual_revenue bigint,
  country text,
  city text,
  lifecycle_stage text,
  customer_status text,
  owner_id uuid,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX companies_domain ON companies (workspace_id, domain) WHERE domain IS NOT NULL;
CREATE INDEX companies_created ON companies (workspace_id, created_at, id);

CREATE TABLE contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  email text,
  first_name text,
  last_name text,
  phone text,
  job_title text,
  country text,
  city text,
  company_id uuid,
  owner_id uuid,
  lifecycle_stage text,
  lead_status text,
  customer_status text,
  stage_entered_at timestamptz,
  fit_score double precision NOT NULL DEFAULT 0,
  engagement_score double precision NOT NULL DEFAULT 0,
  original_source jsonb,
  latest_source jsonb,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  merged_into uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX contacts_email ON contacts (workspace_id, email) WHERE email IS NOT NULL AND merged_into IS NULL;
CREATE INDEX contacts_created ON contacts (workspace_id, created_at, id);
CREATE INDEX contacts_company ON contacts (workspace_id, company_id);
CREATE INDEX contacts_stage ON contacts (workspace_id, lifecycle_stage);

CREATE TABLE deals (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  amount bigint NOT NULL DEFAULT 0,
  currency text NOT NULL DEFAULT 'USD',
  pipeline text NOT NULL DEFAULT 'default',
  stage text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  close_date date,
  closed_at timestamptz,
  company_id uuid,
  owner_id uuid,
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX deals_created ON deals (workspace_id, created_at, id);
CREATE INDEX deals_company ON deals (workspace_id, company_id);

CREATE TABLE deal_contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  deal_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, deal_id, contact_id)
);
CREATE INDEX deal_contacts_contact ON deal_contacts (workspace_id, contact_id);

CREATE TABLE events (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  external_id text,
  contact_id uuid,
  anonymous_id text,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  properties jsonb NOT NULL DEFAULT '{}'::jsonb,
  source jsonb,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX events_external_id ON events (workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX events_contact ON events (workspace_id, contact_id, type, occurred_at);
CREATE INDEX events_anonymous ON events (workspace_id, anonymous_id) WHERE anonymous_id IS NOT NULL;

CREATE TABLE config_versions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  version integer NOT NULL,
  config jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, version)
);

CREATE TABLE stage_transitions (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  contact_id uuid NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  entered_at timestamptz NOT NULL,
  exited_at timestamptz,
  cause_type text NOT NULL,
  cause_event_id uuid,
  cause_user_id uuid,
  cause_rule text,
  skipped boolean NOT NULL DEFAULT false,
  reason text,
  config_version integer,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX stage_transitions_contact ON stage_transitions (workspace_id, contact_id, entered_at);
CREATE INDEX stage_transitions_stage ON stage_transitions (workspace_id, to_stage, entered_at);

CREATE TABLE audit_log (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id uuid,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id uuid,
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason text,
  PRIMARY KEY (workspace_id, id)
);
CREATE INDEX audit_log_object ON audit_log (workspace_id, object_type, object_id, at);
