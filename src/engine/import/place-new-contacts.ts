// A contact an import creates without a stage from the file is placed as it is written: its whole lifecycle
// state is the row itself (no events, no history yet) and its company, so the pure step runs on the row in
// memory and the contact is inserted already in its stage, with its scores, history and score point. The
// re-evaluation after the import then has nothing left to place.

import { blankContact, type Company, type Contact } from '../../domain/contact.ts';
import { apply } from '../../domain/lifecycle/apply.ts';
import type { PropertyTypes } from '../../domain/filter/property-source.ts';
import type { LifecycleConfig } from '../../domain/lifecycle/lifecycle-config.ts';
import type { LifecycleEffect } from '../../domain/lifecycle/lifecycle-state.ts';
import { rowToRecord } from '../../store/records.ts';
import { type FoldedEffects, foldLifecycleEffects } from '../lifecycle-effects.ts';
import { inSlices } from './in-slices.ts';
import type { ContactRow } from './prepare-contact.ts';

/** The configuration new contacts are placed under, and the declared custom property types, read once per import. */
export type Placement = { version: number; config: LifecycleConfig; propertyTypes?: PropertyTypes };

/** A new contact as the upsert's record set holds it: the prepared row's columns, its new id and its company. */
export type NewContactRecord = Pick<
  ContactRow,
  'email' | 'first_name' | 'last_name' | 'phone' | 'job_title' | 'country' | 'city' | 'lead_status' | 'original_source' | 'properties' | 'created_at'
> & { id: string; company_id: string | null };

/** The lifecycle columns a placed contact is inserted with. */
export type PlacedColumns = {
  lifecycle_stage: string | null;
  stage_entered_at: string | null;
  lead_status: string | null;
  customer_status: string | null;
  fit_score: number;
  engagement_score: number;
};

/** The row as the contact it will be once stored: its columns read as a stored row is, the rest blank. */
const contactOf = (record: NewContactRecord, at: string): Contact => ({
  ...blankContact(record.id, at),
  ...(rowToRecord('contact', record) as Partial<Contact>),
  createdAt: record.created_at ?? at,
});

/** Contacts placed between two turns of the event loop: about 5 ms of work. */
const PLACE_SLICE = 200;

/**
 * Runs the lifecycle step on each new contact at `now`, as re-evaluation would on the stored row (except that a
 * lead status from the file is kept): the columns to insert each with, and the history rows and score points
 * to write for those actually inserted.
 */
export const placeNewContacts = async (
  records: readonly NewContactRecord[],
  companies: ReadonlyMap<string, Company>,
  config: LifecycleConfig,
  now: Date,
  propertyTypes?: PropertyTypes,
): Promise<{ columns: Map<string, PlacedColumns>; effects: FoldedEffects }> => {
  const at = now.toISOString();
  const columns = new Map<string, PlacedColumns>();
  const effects = new Map<string, LifecycleEffect[]>();
  await inSlices(records, PLACE_SLICE, (slice) => {
    for (const record of slice) {
      const contact = contactOf(record, at);
      const company = record.company_id === null ? null : (companies.get(record.company_id) ?? null);
      const step = apply({ view: { contact, company, events: [], propertyTypes }, qualifyingFrom: null }, { kind: 'properties', at, changes: {} }, config, now);
      const placed = step.state.view.contact;
      columns.set(record.id, {
        lifecycle_stage: placed.lifecycleStage,
        stage_entered_at: placed.stageEnteredAt,
        // A status the file gives is the person's, and stays: a stage's status on entry is for moves that happen
        // here, and a re-run of the same file must find nothing to change.
        lead_status: record.lead_status ?? placed.leadStatus,
        customer_status: placed.customerStatus,
        fit_score: placed.fitScore,
        engagement_score: placed.engagementScore,
      });
      effects.set(record.id, step.effects);
    }
  });
  return { columns, effects: foldLifecycleEffects(effects) };
};
