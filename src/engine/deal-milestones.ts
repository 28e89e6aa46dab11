import type { Queryable } from '../store/database.ts';
import { insertEvents } from '../store/events.ts';
import { newId } from '../store/ids.ts';
import { rollUpCompanies } from './company-rollup-service.ts';
import { processContactInputs } from './lifecycle-service.ts';
import { currentConfig, type VersionedConfig } from './workspace-config.ts';

export type MilestoneType = 'deal_created' | 'deal_won' | 'deal_lost';

export type MilestoneDeal = { id: string; amount: unknown; currency: unknown; pipeline: unknown; companyId: string | null };

/** The milestones a deal in this status has had, in order: it was created, then won or lost. */
export const milestonesOfStatus = (status: unknown): MilestoneType[] =>
  status === 'won' ? ['deal_created', 'deal_won'] : status === 'lost' ? ['deal_created', 'deal_lost'] : ['deal_created'];

/** Something that happened to a deal, for one of its contacts. */
export type DealMilestone = { deal: MilestoneDeal; contactId: string; type: MilestoneType; occurredAt: string };

/**
 * Deals move people: creating one (or joining a contact to one) is a `deal_created` event for its contacts,
 * winning or losing it a `deal_won` / `deal_lost` event, and the lifecycle criteria take it from there. The
 * events are written, stepped in time order, and the deals' companies rolled up, since open and won deals
 * count toward a company's stage (`deals`: the deals that changed, with or without contacts). Record edits and
 * deal imports both come through here.
 */
export const recordDealMilestones = async (
  q: Queryable,
  workspaceId: string,
  deals: readonly MilestoneDeal[],
  milestones: readonly DealMilestone[],
  versioned?: VersionedConfig,
): Promise<void> => {
  const companyIds = [...new Set(deals.flatMap((deal) => (deal.companyId ? [deal.companyId] : [])))];
  const events = milestones
    .map((m) => ({
      id: newId(),
      contactId: m.contactId,
      type: m.type,
      occurredAt: m.occurredAt,
      properties: { dealId: m.deal.id, amount: m.deal.amount, currency: m.deal.currency, pipeline: m.deal.pipeline },
    }))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  if (events.length > 0) {
    await insertEvents(q, workspaceId, events);
    await processContactInputs(
      q,
      workspaceId,
      events.map((e) => ({ contactId: e.contactId, input: { kind: 'event', event: { id: e.id, type: e.type, occurredAt: e.occurredAt, properties: e.properties } } })),
      versioned ? { versioned } : {},
    );
  }
  if (companyIds.length > 0) {
    const { config } = versioned ?? (await currentConfig(q, workspaceId));
    await rollUpCompanies(q, workspaceId, config, { companyIds });
  }
};
