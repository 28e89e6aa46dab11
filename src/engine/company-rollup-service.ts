import { type CustomerStatus, rollUpCompany, rollUpForwardMoves, type DealStatus } from '../domain/lifecycle/company-rollup.ts';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import type { Queryable } from '../store/database.ts';

/**
 * Recomputes the stage and customer status of the companies of the given contacts (or of the given
 * companies) from all their contacts and deals. Never pushed back down to contacts.
 */
const writeRollups = async (
  q: Queryable,
  workspaceId: string,
  changed: readonly { id: string; lifecycle_stage: string | null; customer_status: string | null }[],
): Promise<void> => {
  if (changed.length === 0) return;
  await q.query(
    `UPDATE companies co SET lifecycle_stage = x.lifecycle_stage, customer_status = x.customer_status, updated_at = now()
       FROM json_to_recordset($2::json) AS x(id uuid, lifecycle_stage text, customer_status text)
      WHERE co.workspace_id = $1 AND co.id = x.id`,
    [workspaceId, JSON.stringify(changed)],
  );
};

type StoredRollup = { id: string; lifecycle_stage: string | null; customer_status: string | null };

const changedRollups = <Row extends StoredRollup>(rows: readonly Row[], next: (row: Row) => { lifecycleStage: string | null; customerStatus: string | null }) =>
  rows
    .map((row) => ({ row, next: next(row) }))
    .filter(({ row, next }) => next.lifecycleStage !== row.lifecycle_stage || next.customerStatus !== row.customer_status)
    .map(({ row, next }) => ({ id: row.id, lifecycle_stage: next.lifecycleStage, customer_status: next.customerStatus }));

type Mover = { lifecycleStage: string | null; customerStatus: string | null };

/** A contact that moved forward, as the step left it. */
export type ForwardMover = Mover & { companyId: string | null };

/**
 * The companies of contacts that only moved forward (automatic steps: events, re-evaluation, placement on
 * import), rolled up from each company's stored roll-up and those contacts alone (rollUpForwardMoves). The
 * caller knows where its contacts now stand, so only their companies are read: one lookup by primary key
 * and one update however many people the companies have.
 */
export const rollUpForwardMovers = async (q: Queryable, workspaceId: string, config: LifecycleConfig, movers: readonly ForwardMover[]): Promise<void> => {
  const joined = new Map<string, Mover[]>();
  for (const { companyId, lifecycleStage, customerStatus } of movers) {
    if (companyId === null) continue;
    const list = joined.get(companyId);
    if (list) list.push({ lifecycleStage, customerStatus });
    else joined.set(companyId, [{ lifecycleStage, customerStatus }]);
  }
  if (joined.size === 0) return;
  // Locked as read (in id order): two batches rolling the same company up from its stored roll-up would otherwise
  // each start from the one before both, and the later commit would undo the other's move.
  const companies = await q.query<StoredRollup>(
    'SELECT id, lifecycle_stage, customer_status FROM companies WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
    [workspaceId, [...joined.keys()]],
  );
  await writeRollups(
    q,
    workspaceId,
    changedRollups(companies, (row) =>
      rollUpForwardMoves({ lifecycleStage: row.lifecycle_stage, customerStatus: row.customer_status as CustomerStatus | null }, joined.get(row.id)!, config),
    ),
  );
};

export const rollUpCompanies = async (
  q: Queryable,
  workspaceId: string,
  config: LifecycleConfig,
  scope: { contactIds?: readonly string[]; contactEmails?: readonly string[]; companyIds?: readonly string[] },
): Promise<void> => {
  const companyIds = new Set(scope.companyIds ?? []);
  const companiesOf = async (column: 'id' | 'email', keys: readonly string[] | undefined) => {
    if (!keys?.length) return;
    const rows = await q.query<{ company_id: string }>(
      `SELECT DISTINCT company_id FROM contacts WHERE workspace_id = $1 AND ${column} = ANY($2::${column === 'id' ? 'uuid' : 'text'}[]) AND company_id IS NOT NULL`,
      [workspaceId, keys],
    );
    for (const row of rows) companyIds.add(row.company_id);
  };
  await companiesOf('id', scope.contactIds);
  await companiesOf('email', scope.contactEmails);
  if (companyIds.size === 0) return;
  const ids = [...companyIds];
  // The roll-up reads its inputs as sets (furthest stage, any active customer), so each distinct
  // stage and status pair comes once however many people a company has.
  const rows = await q.query<
    StoredRollup & {
    contacts: Mover[] | null;
    deals: { status: DealStatus }[] | null;
  }
  >(
    `SELECT co.id, co.lifecycle_stage, co.customer_status,
            (SELECT jsonb_agg(DISTINCT jsonb_build_object('lifecycleStage', c.lifecycle_stage, 'customerStatus', c.customer_status))
               FROM contacts c WHERE c.workspace_id = co.workspace_id AND c.company_id = co.id AND c.merged_into IS NULL) AS contacts,
            (SELECT jsonb_agg(DISTINCT jsonb_build_object('status', d.status))
               FROM deals d WHERE d.workspace_id = co.workspace_id AND d.company_id = co.id) AS deals
       FROM companies co WHERE co.workspace_id = $1 AND co.id = ANY($2::uuid[])`,
    [workspaceId, ids],
  );
  await writeRollups(
    q,
    workspaceId,
    changedRollups(rows, (row) =>
      rollUpCompany({ company: { customerStatus: row.customer_status }, contacts: row.contacts ?? [], deals: row.deals ?? [] }, config),
    ),
  );
};
