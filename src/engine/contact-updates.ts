import type { Contact } from '../domain/contact.ts';
import type { ContactLifecycleChanges } from '../domain/lifecycle/lifecycle-state.ts';
import { RECORD_TABLES, SQL_TYPES } from '../store/record-tables.ts';
import type { StoredEngagementSummary } from './lifecycle-states.ts';
import type { Queryable } from '../store/database.ts';
import { recordSet } from '../store/record-set.ts';
import { FIELD_COLUMNS } from './ingest/contact-fields.ts';
import { SOURCE_ASSIGNMENTS, type SourceSpan } from './ingest/contact-sources.ts';
import type { EventContactField } from './ingest/event-item.ts';

const COLUMNS = Object.entries(FIELD_COLUMNS) as [EventContactField, string][];

/** What a batch of events says about its contacts: the standard fields they gave, and their touches' span. */
export type EventContactUpdates = {
  fields: ReadonlyMap<string, Partial<Record<EventContactField, string>>>;
  spans: ReadonlyMap<string, SourceSpan>;
};

/**
 * What a step writes to its contacts besides their lifecycle changes: what its events gave, and the engagement
 * summaries it summed (kept for the contacts' next steps).
 */
export type ContactWrites = {
  events?: EventContactUpdates;
  summaries?: ReadonlyMap<string, StoredEngagementSummary>;
  /** Contacts the step created, as it left them: inserted (insertNewContacts), not updated. */
  created?: ReadonlyMap<string, Contact>;
};

/** The unique index a new contact's email meets when a concurrent batch created a contact with it first. */
export const NEW_EMAIL_INDEX = 'contacts_email';

/** The columns a new contact is inserted with: every stored field of the contact but these two, which take their defaults. */
const INSERTED = Object.entries(RECORD_TABLES.contact.columns).filter(([field]) => field !== 'updatedAt' && field !== 'mergedInto');

/**
 * Inserts the contacts a step created, each once, as the step left it (its stage, status, scores and the fields its
 * events gave), with the sources of its touches. In email order, so that two batches creating some of the same
 * contacts meet at the first one they share rather than each waiting for the other; the later one then fails on
 * NEW_EMAIL_INDEX, and its caller runs it again, when it finds the contact stored.
 */
const insertNewContacts = async (q: Queryable, workspaceId: string, created: ReadonlyMap<string, Contact>, spans: ReadonlyMap<string, SourceSpan>): Promise<void> => {
  if (created.size === 0) return;
  const rows = [...created.values()]
    .sort((a, b) => ((a.email ?? '') < (b.email ?? '') ? -1 : (a.email ?? '') > (b.email ?? '') ? 1 : 0))
    .map((contact) => {
      const span = spans.get(contact.id);
      const stored: Record<string, unknown> = { ...contact, originalSource: span?.first ?? contact.originalSource, latestSource: span?.latest ?? contact.latestSource };
      return Object.fromEntries(INSERTED.map(([field, { column }]) => [column, stored[field] ?? null]));
    });
  const columns = INSERTED.map(([, { column }]) => column);
  await q.query(
    `INSERT INTO contacts (workspace_id, ${columns.join(', ')}, updated_at)
     SELECT $1, ${columns.map((column) => `u.${column}`).join(', ')}, now()
       FROM ${recordSet('$2', 'u', INSERTED.map(([, { column, type }]) => `${column} ${SQL_TYPES[type]}`))}`,
    [workspaceId, JSON.stringify(rows)],
  );
};

const NO_EVENT_UPDATES: EventContactUpdates = { fields: new Map(), spans: new Map() };

/** Each lifecycle column a step may change, by its ContactLifecycleChanges key, and how its JSON text reads. */
const LIFECYCLE_COLUMNS: [keyof ContactLifecycleChanges, string, string][] = [
  ['lifecycleStage', 'lifecycle_stage', "u.ch->>'lifecycleStage'"],
  ['stageEnteredAt', 'stage_entered_at', "(u.ch->>'stageEnteredAt')::timestamptz"],
  ['leadStatus', 'lead_status', "u.ch->>'leadStatus'"],
  ['customerStatus', 'customer_status', "u.ch->>'customerStatus'"],
  ['fitScore', 'fit_score', "(u.ch->>'fitScore')::float8"],
  ['engagementScore', 'engagement_score', "(u.ch->>'engagementScore')::float8"],
  ['properties', 'properties', "u.ch->'properties'"],
];

/**
 * Writes every change a batch makes to its contacts with one statement: the lifecycle changes of their steps
 * (each row carries only the fields that changed; `?` tells a field set to null from one left alone), for
 * events, the standard fields they gave (only given fields change) and the original and latest sources of
 * their touches, and the engagement summaries the steps summed. `updated_at` moves when a field or a lifecycle
 * column changed; a touch or a summary alone leaves it. The contacts the steps created are inserted instead, whole.
 */
export const writeContactUpdates = async (
  q: Queryable,
  workspaceId: string,
  lifecycle: readonly { id: string; changes: ContactLifecycleChanges }[],
  { events = NO_EVENT_UPDATES, summaries = new Map(), created = new Map() }: ContactWrites = {},
): Promise<void> => {
  await insertNewContacts(q, workspaceId, created, events.spans);
  const changesOf = new Map(lifecycle.map((update) => [update.id, update.changes]));
  const ids = new Set([...changesOf.keys(), ...events.fields.keys(), ...events.spans.keys(), ...summaries.keys()].filter((id) => !created.has(id)));
  if (ids.size === 0) return;
  // A row carries only the values it has: the record set reads a missing key as null, and most contacts of a batch
  // have no fields and some no touch (5,000 contacts: 1.9 against 2.4 MB of JSON, 126–131 against 135–145 ms).
  const rows = [...ids].map((id) => {
    const given = events.fields.get(id) ?? {};
    const span = events.spans.get(id);
    const changes = changesOf.get(id);
    const row: Record<string, unknown> = { id };
    for (const [field, column] of COLUMNS) if (given[field] !== undefined) row[column] = given[field];
    if (span) Object.assign(row, { first: span.first, first_at: span.first.at, latest: span.latest, latest_at: span.latest.at });
    if (changes) row.ch = changes;
    const summary = summaries.get(id);
    if (summary) Object.assign(row, { ea: new Date(summary.anchorMs).toISOString(), es: { key: summary.key, weights: summary.weights, events: summary.events } });
    row.touch = (changes !== undefined && Object.keys(changes).length > 0) || COLUMNS.some(([field]) => given[field] !== undefined);
    return row;
  });
  // The record set is read whole first (OFFSET 0): the planner would otherwise pull its `::jsonb` casts into each of
  // the fourteen places `ch` is read, parsing each row's changes again for every one (4,500 contacts: 101–109 ms
  // against 115–127 ms, in a rolled-back transaction).
  await q.query(
    `UPDATE contacts c SET ${COLUMNS.map(([, col]) => `${col} = COALESCE(u.${col}, c.${col})`).join(', ')},${SOURCE_ASSIGNMENTS},
        ${LIFECYCLE_COLUMNS.map(([key, col, value]) => `${col} = CASE WHEN u.ch ? '${key}' THEN ${value} ELSE c.${col} END`).join(',\n        ')},
        engagement_anchor = CASE WHEN u.es IS NULL THEN c.engagement_anchor ELSE u.ea END, engagement_summary = COALESCE(u.es, c.engagement_summary),
        updated_at = CASE WHEN u.touch THEN now() ELSE c.updated_at END
       FROM (SELECT * FROM ${recordSet('$2', 'x', ['id uuid', ...COLUMNS.map(([, col]) => `${col} text`), 'first jsonb', 'first_at timestamptz', 'latest jsonb', 'latest_at timestamptz', 'ch jsonb', 'ea timestamptz', 'es jsonb', 'touch boolean'])} OFFSET 0) AS u
      WHERE c.workspace_id = $1 AND c.id = u.id`,
    [workspaceId, JSON.stringify(rows)],
  );
};
