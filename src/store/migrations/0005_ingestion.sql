-- Ingestion: campaigns and landing pages that touches link to, forms, inbound integrations (ad lead
-- forms, chat), the public tracking key of each workspace, and anonymous visitors known to be a contact.

-- The tracking key is public (it sits in every page that loads /embed.js): it names a workspace, it
-- grants nothing else. A volatile default gives every existing and future workspace its own.
ALTER TABLE workspaces ADD COLUMN tracking_key text NOT NULL DEFAULT ('lct_' || md5(random()::text || clock_timestamp()::text));
CREATE UNIQUE INDEX workspaces_tracking_key ON workspaces (tracking_key);

-- An admin's edit of the original source pins it; until then the earliest known touch wins, so a
-- late-delivered or newly joined anonymous touch can still become the first.
ALTER TABLE contacts ADD COLUMN original_source_locked boolean NOT NULL DEFAULT false;

CREATE TABLE campaigns (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  -- the utm_campaign value touches carry
  key text NOT NULL,
  channel text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, key)
);

CREATE TABLE landing_pages (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  campaign_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, url)
);

CREATE TABLE forms (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  -- the slug events carry as formId ("demo-request"): lifecycle criteria match on it
  key text NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  fields jsonb NOT NULL,
  target_stage text,
  campaign_id uuid,
  landing_page_id uuid,
  consent jsonb,
  redirect_url text,
  thank_you_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, key)
);
-- Public submissions name the form by id alone, before the workspace is known.
CREATE UNIQUE INDEX forms_public_id ON forms (id);

CREATE TABLE integrations (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  id uuid NOT NULL,
  name text NOT NULL,
  preset text,
  event_type text NOT NULL,
  mapping jsonb NOT NULL,
  token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz,
  PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX integrations_public_id ON integrations (id);

-- A visitor id once identified: later anonymous touches of that visitor go straight to the contact.
CREATE TABLE visitor_contacts (
  workspace_id uuid NOT NULL REFERENCES workspaces (id),
  anonymous_id text NOT NULL,
  contact_id uuid NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, anonymous_id)
);
