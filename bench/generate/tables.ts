// The generated tables and the columns written for each. Columns not listed keep their defaults, so a later
// migration that adds a column with a default does not break the generator.

export type TableName = 'users' | 'companies' | 'contacts' | 'stage_transitions' | 'events' | 'deals' | 'deal_contacts';

/** A cell: jsonb columns carry their JSON text. */
export type Cell = string | number | boolean | null;

export type TableSpec = { columns: readonly string[]; json: ReadonlySet<string> };

const spec = (columns: readonly string[], json: readonly string[] = []): TableSpec => ({ columns, json: new Set(json) });

export const TABLES: Record<TableName, TableSpec> = {
  users: spec(['workspace_id', 'id', 'email', 'name', 'role', 'created_at']),
  companies: spec(
    ['workspace_id', 'id', 'name', 'domain', 'industry', 'employees', 'annual_revenue', 'country', 'city', 'lifecycle_stage', 'customer_status', 'owner_id', 'created_at', 'updated_at'],
  ),
  contacts: spec(
    [
      'workspace_id', 'id', 'email', 'first_name', 'last_name', 'phone', 'job_title', 'country', 'city', 'company_id', 'owner_id',
      'lifecycle_stage', 'lead_status', 'customer_status', 'stage_entered_at', 'fit_score', 'engagement_score',
      'original_source', 'latest_source', 'created_at', 'updated_at',
    ],
    ['original_source', 'latest_source'],
  ),
  stage_transitions: spec(['workspace_id', 'id', 'contact_id', 'from_stage', 'to_stage', 'entered_at', 'exited_at', 'cause_type', 'cause_event_id', 'skipped', 'reason', 'config_version']),
  events: spec(['workspace_id', 'id', 'contact_id', 'anonymous_id', 'type', 'occurred_at', 'received_at', 'properties', 'source'], ['properties', 'source']),
  deals: spec(['workspace_id', 'id', 'name', 'amount', 'currency', 'pipeline', 'stage', 'status', 'close_date', 'closed_at', 'company_id', 'owner_id', 'created_at', 'updated_at']),
  deal_contacts: spec(['workspace_id', 'deal_id', 'contact_id', 'created_at']),
};

export const TABLE_ORDER: readonly TableName[] = ['users', 'companies', 'contacts', 'stage_transitions', 'events', 'deals', 'deal_contacts'];

export type TableRows = Record<TableName, Cell[][]>;

export const emptyRows = (): TableRows =>
  Object.fromEntries(TABLE_ORDER.map((table) => [table, []])) as unknown as TableRows;
