import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.ts';
import type { Company, Contact } from '../domain/contact.ts';
import type { ContactEvent, EventType } from '../domain/event.ts';
import { configEventTypes, summarizableEventTypes } from '../domain/lifecycle/config-event-types.ts';
import type { LifecycleConfig } from '../domain/lifecycle/lifecycle-config.ts';
import { qualifyingFromHistory, type LifecycleState } from '../domain/lifecycle/lifecycle-state.ts';
import { pathStages } from '../domain/lifecycle/path.ts';
import type { Transition, TransitionCause } from '../domain/lifecycle/transition.ts';
import type { Queryable, Row } from '../store/database.ts';
import { propertyTypes } from '../store/property-definitions.ts';
import { rowToRecord } from '../store/records.ts';
import { instantText } from '../store/instant-text.ts';
import { readEngagementBase } from '../domain/scoring/engagement-base.ts';
import { advanceEngagementWeights, carryEngagementWeightsBack, type EngagementSummary } from '../domain/scoring/engagement-score.ts';
import { primaryModel } from '../domain/scoring/score.ts';
import type { ScoreModel } from '../domain/scoring/scoring-model.ts';
import { engagementRowWeights } from './scoring/bulk-scores.ts';

type TransitionRow = {
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  entered_at: Date;
  exited_at: Date | null;
  skipped: boolean;
  cause_type: string;
  cause_event_id: string | null;
  cause_user_id: string | null;
  reason: string | null;
  config_version: number | null;
};

export const causeFromRow = (row: Pick<TransitionRow, 'cause_type' | 'cause_event_id' | 'cause_user_id'>): TransitionCause => {
  if (row.cause_type === 'event' && row.cause_event_id) return { kind: 'event', eventId: row.cause_event_id };
  if (row.cause_type === 'manual') return { kind: 'manual', actor: { role: 'unknown', ...(row.cause_user_id ? { id: row.cause_user_id } : {}) } };
  if (row.cause_type === 'recycle') return { kind: 'recycle', actor: row.cause_user_id ? { role: 'unknown', id: row.cause_user_id } : null };
  return { kind: 'property_change' };
};

export const transitionFromRow = (row: TransitionRow): Transition => ({
  from: row.from_stage,
  to: row.to_stage,
  enteredAt: instantText(row.entered_at),
  exitedAt: row.exited_at ? instantText(row.exited_at) : null,
  skipped: row.skipped,
  cause: causeFromRow(row),
  reason: row.reason,
});

const TRANSITION_COLUMNS = 'contact_id, from_stage, to_stage, entered_at, exited_at, skipped, cause_type, cause_event_id, cause_user_id, reason, config_version';

export const loadTransitionRows = (q: Queryable, workspaceId: string, contactIds: readonly string[]) =>
  q.query<TransitionRow>(
    `SELECT ${TRANSITION_COLUMNS} FROM stage_transitions WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) ORDER BY entered_at, id`,
    [workspaceId, contactIds],
  );

const groupBy = <T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
};

/** How a step locks its contacts: in id order, so two steps sharing contacts queue rather than deadlock. */
const STEP_LOCK = 'ORDER BY id FOR UPDATE';

/**
 * Locks contacts for a step until the transaction ends, in id order, as `loadLifecycleStates` with `forStep`
 * does: a caller that must wait for a concurrent step before its own reads (ingestion, before it joins a
 * visitor's earlier events) takes the lock first, and the state read later finds it held. Returns the locked rows,
 * which that read then takes as they are (`locked`) rather than reading them again.
 */
export const lockContactsForStep = async (q: Queryable, workspaceId: string, contactIds: readonly string[]): Promise<LockedContacts> => {
  if (contactIds.length === 0) return new Map();
  const rows = await q.query(`SELECT * FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ${STEP_LOCK}`, [workspaceId, [...new Set(contactIds)]]);
  return new Map(rows.map((row) => [String(row.id), row]));
};

type EventRow = { id: string; contact_id: string; type: EventType; occurred_at: unknown; properties: Record<string, unknown> };

/**
 * An EngagementSummary as a contact keeps it between steps (its engagement_anchor and engagement_summary columns): its
 * anchor in milliseconds, its weights, how many events it sums, and `key`, which names the model's engagement rules,
 * decay and the summarized types it was summed for (engagementSummaryKey).
 */
export type StoredEngagementSummary = { anchorMs: number; key: string; weights: readonly number[]; events: number };

/**
 * A summary is kept on its contact once it sums this many events: below that, reading the events again costs less
 * than writing the summary with every step and reading it in parts by anchor (the ingestion benchmark's contacts
 * without history, a dozen events each at most, ran 15% slower, mean of six alternating pairs, with every summary kept).
 */
const KEEP_FROM = 20;

const summaryKeys = new WeakMap<ScoreModel, Map<string, string>>();

/** What a stored summary was summed for: a summary under another key (the rules or the types changed) is not taken. */
export const engagementSummaryKey = (model: ScoreModel, types: ReadonlySet<string>): string => {
  const sorted = [...types].sort();
  const byTypes = summaryKeys.get(model) ?? new Map<string, string>();
  summaryKeys.set(model, byTypes);
  const typesKey = sorted.join('\n');
  const known = byTypes.get(typesKey);
  if (known !== undefined) return known;
  const key = createHash('sha256')
    .update(canonicalJson({ model: model.name, halfLifeDays: model.halfLifeDays ?? null, rules: model.engagement, types: sorted }))
    .digest('base64url')
    .slice(0, 22);
  byTypes.set(typesKey, key);
  return key;
};

/** The summary a contact row keeps, when it was summed under `key`. */
const keptSummary = (row: Row, key: string): StoredEngagementSummary | null => {
  const summary = row.engagement_summary as { key?: unknown; weights?: unknown; events?: unknown } | null | undefined;
  if (row.engagement_anchor === null || row.engagement_anchor === undefined || !summary || summary.key !== key) return null;
  const { weights } = summary;
  if (!Array.isArray(weights) || !weights.every((w) => typeof w === 'number' && Number.isFinite(w))) return null;
  const anchor = row.engagement_anchor;
  return { anchorMs: anchor instanceof Date ? anchor.getTime() : Date.parse(instantText(anchor)), key, weights, events: typeof summary.events === 'number' ? summary.events : 0 };
};

/** The summaries a step's states hold, to keep on their contacts (writeContactUpdates). */
export const summariesToKeep = (states: ReadonlyMap<string, LifecycleState>, model: ScoreModel): Map<string, StoredEngagementSummary> => {
  const kept = new Map<string, StoredEngagementSummary>();
  for (const [id, { engagementSummary: summary }] of states) {
    if (summary === undefined || summary.model !== model.name || (summary.events ?? 0) < KEEP_FROM) continue;
    kept.set(id, { anchorMs: summary.anchorMs, key: engagementSummaryKey(model, summary.types), weights: summary.weights, events: summary.events ?? 0 });
  }
  return kept;
};

/** Kept summaries by contact: those that hold for a step at its anchor (no later), and those anchored after it. */
type KeptSummaries = { kept: ReadonlyMap<string, StoredEngagementSummary>; later: ReadonlyMap<string, StoredEngagementSummary> };

/**
 * The kept summaries of the `summarized` contacts' rows summed under `key`: those that hold for a step at `anchor` (no
 * later), and those anchored later (a batch of earlier events committed after a later one).
 */
const keptSummaries = (rows: readonly Row[], summarized: readonly string[], key: string, anchor: Date): KeptSummaries => {
  const wanted = new Set(summarized);
  const kept = new Map<string, StoredEngagementSummary>();
  const later = new Map<string, StoredEngagementSummary>();
  for (const row of rows) {
    const summary = wanted.has(String(row.id)) ? keptSummary(row, key) : null;
    if (summary !== null) (summary.anchorMs <= anchor.getTime() ? kept : later).set(String(row.id), summary);
  }
  return { kept, later };
};

/** The groups, by anchor, that contacts with a kept summary are read in (see readSummarizedEvents). */
const ANCHOR_GROUPS = 4;

/**
 * The events of `contactIds` a step reads, in one statement (and one more for contacts read again, below): of the
 * types `summarizable` names, those of the contacts in `summarized` from before `anchor` are summed (each rule's
 * decay-weighted count at the anchor, by the bulk scorer's rules: the contact's EngagementSummary), and every other
 * event of `eventTypes` comes as it is, in each contact's array in time order. A contact in `kept` has its summarized
 * types' events from before its kept summary's anchor summed already: those are not summed again (most are not even
 * read), and the kept summary is carried to `anchor` and added to what is summed here (advanceEngagementWeights). A
 * contact in `later` has a kept summary anchored after `anchor` (a batch of earlier events committed after a later
 * one): its summarized types' events are read from `anchor` on, listed, and when none of them is from before its kept
 * anchor the summary is carried back to `anchor` (carryEngagementWeightsBack); otherwise the contact is read again,
 * whole. The events `unread` names are left out.
 */
const readSummarizedEvents = async (
  q: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
  eventTypes: readonly string[],
  model: ScoreModel,
  summarizable: readonly string[],
  summarized: readonly string[],
  anchor: Date,
  unread: readonly string[],
  { kept, later }: KeptSummaries,
): Promise<{ events: EventRow[]; summaries: Map<string, EngagementSummary> }> => {
  const types = new Set(summarizable);
  const byAnchor = contactIds.flatMap((id) => {
    const summary = kept.get(id);
    return summary ? [{ id, anchorMs: summary.anchorMs }] : [];
  });
  byAnchor.sort((a, b) => a.anchorMs - b.anchorMs);
  const keptIds = byAnchor.map(({ id }) => id);
  const groupSize = Math.ceil(byAnchor.length / ANCHOR_GROUPS);
  const groups = Array.from({ length: ANCHOR_GROUPS }, (_, g) => byAnchor.slice(g * groupSize, (g + 1) * groupSize)).filter((group) => group.length > 0);
  const laterIds = contactIds.filter((id) => later.has(id));
  const whole = contactIds.filter((id) => !kept.has(id) && !later.has(id));
  const listedTypes = eventTypes.filter((type) => !types.has(type));
  const params: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const [workspace, summarizableTypes, anchorAt, skipped] = [param(workspaceId, 'uuid'), param(summarizable, 'text[]'), param(anchor.toISOString(), 'timestamptz'), param(unread, 'uuid[]')];
  // Each kept contact's anchor, in milliseconds, by its id.
  const anchors = groups.length === 0 ? '' : param(JSON.stringify(Object.fromEntries(byAnchor.map(({ id, anchorMs }) => [id, anchorMs]))), 'jsonb');
  // Each row once, in two steps (OFFSET 0 keeps the planner from merging them and so computing each step's columns
  // again wherever they are used): whether it is summed, then its weight and rules; only listed rows carry their
  // properties on to the grouping. The contacts without a kept summary are read whole. Those with one: their
  // summarizable types' events from their anchors on, and their other types' events (criteria, fit: few) whole. In
  // ANCHOR_GROUPS groups by anchor, the index skips each group's events from before its earliest anchor, and each
  // contact's own anchor (in milliseconds, by its id) applies to the rest. Every part is one scan by the contacts'
  // keys, not a lookup per contact: for a workspace the statistics do not know, the planner ran such a lookup as a
  // scan of the workspace's events per contact; and not a join with the anchors, which it ran as a nested loop over
  // every pair (78 million for 3,604 contacts). A part with no contacts is left out: given none, the planner scanned
  // the workspace's anonymous events by the smallest index, a step of the ingestion benchmark's contacts without
  // history spending 200 of its 440 ms in five such parts, growing with the workspace.
  const parts = [
    ...(whole.length === 0
      ? []
      : [
          `SELECT e.*, (e.type = ANY(${summarizableTypes}) AND e.occurred_at < ${anchorAt} AND e.contact_id = ANY(${param(summarized, 'uuid[]')})) AS summed
             FROM events e
            WHERE e.workspace_id = ${workspace} AND e.contact_id = ANY(${param(whole, 'uuid[]')}) AND (e.type = ANY(${param(eventTypes, 'text[]')})) IS TRUE AND e.id <> ALL(${skipped})`,
        ]),
    ...groups.map(
      (group) => `SELECT e.*, e.occurred_at < ${anchorAt} AS summed FROM events e
                   WHERE e.workspace_id = ${workspace} AND e.contact_id = ANY(${param(group.map(({ id }) => id), 'uuid[]')}) AND e.occurred_at >= ${param(new Date(group[0]!.anchorMs).toISOString(), 'timestamptz')}
                     AND (e.type = ANY(${summarizableTypes})) IS TRUE AND e.id <> ALL(${skipped})
                     AND (extract(epoch FROM e.occurred_at) * 1000)::float8 >= (${anchors} -> e.contact_id::text)::float8`,
    ),
    ...(laterIds.length === 0
      ? []
      : [
          `SELECT e.*, false AS summed FROM events e
            WHERE e.workspace_id = ${workspace} AND e.contact_id = ANY(${param(laterIds, 'uuid[]')}) AND e.occurred_at >= ${anchorAt}
              AND (e.type = ANY(${summarizableTypes})) IS TRUE AND e.id <> ALL(${skipped})`,
        ]),
    ...(keptIds.length + laterIds.length === 0 || listedTypes.length === 0
      ? []
      : [
          `SELECT e.*, false AS summed FROM events e
            WHERE e.workspace_id = ${workspace} AND e.contact_id = ANY(${param([...keptIds, ...laterIds], 'uuid[]')}) AND e.type = ANY(${param(listedTypes, 'text[]')}) AND e.id <> ALL(${skipped})`,
        ]),
  ];
  const ruleParams: unknown[] = [];
  const { rowColumns, aggregates } = engagementRowWeights({ model, now: anchor, params: ruleParams, leading: params.length, workspaceId }, (rule) => types.has(rule.event), 'e.summed');
  const rows = await q.query<Record<string, unknown> & { contact_id: string; listed: [string, EventType, string, Record<string, unknown>][] | null }>(
    `SELECT r.contact_id, ${[...aggregates, 'count(*) FILTER (WHERE r.summed) AS summed_count', 'json_agg(r.item ORDER BY r.occurred_at, r.id) FILTER (WHERE NOT r.summed) AS listed'].join(', ')}
       FROM (SELECT e.contact_id, e.id, e.occurred_at, e.summed, ${[...rowColumns, 'CASE WHEN e.summed THEN NULL ELSE json_build_array(e.id, e.type, e.occurred_at, e.properties) END AS item'].join(', ')}
               FROM (${parts.join('\n                     UNION ALL\n                     ')}
                     OFFSET 0) e
             OFFSET 0) r
      GROUP BY r.contact_id`,
    [...params, ...ruleParams],
  );
  const byContact = new Map(rows.map((row) => [row.contact_id, row]));
  // A later summary carries back when none of the contact's summarized events read (those from `anchor` on) is from
  // before its own anchor; the others are read again, whole.
  const carried = new Map<string, number[]>();
  for (const id of laterIds) {
    const summary = later.get(id)!;
    const between = (byContact.get(id)?.listed ?? []).some(([, type, occurredAt]) => types.has(type) && Date.parse(String(occurredAt)) < summary.anchorMs);
    const weights = between ? null : carryEngagementWeightsBack(model, summary, anchor.getTime());
    if (weights !== null) carried.set(id, weights);
  }
  const again = new Set(laterIds.filter((id) => !carried.has(id)));
  const reread =
    again.size === 0
      ? { events: [], summaries: new Map<string, EngagementSummary>() }
      : await readSummarizedEvents(q, workspaceId, [...again], eventTypes, model, summarizable, summarized.filter((id) => again.has(id)), anchor, unread, { kept: new Map(), later: new Map() });
  const weightsOf = (id: string) => {
    const row = byContact.get(id);
    const recent = model.engagement.map((_, index) => Number(row?.[`w${index}`] ?? 0));
    const summary = kept.get(id);
    return carried.get(id) ?? (summary ? advanceEngagementWeights(model, summary, anchor.getTime(), recent) : recent);
  };
  return {
    events: [
      ...rows.flatMap((row) =>
        again.has(row.contact_id) ? [] : (row.listed ?? []).map(([id, type, occurredAt, properties]) => ({ id, contact_id: row.contact_id, type, occurred_at: occurredAt, properties })),
      ),
      ...reread.events,
    ],
    summaries: new Map(
      summarized.map((id) => [
        id,
        reread.summaries.get(id) ?? {
          model: model.name,
          types,
          anchorMs: anchor.getTime(),
          weights: weightsOf(id),
          events: (kept.get(id)?.events ?? later.get(id)?.events ?? 0) + Number(byContact.get(id)?.summed_count ?? 0),
        },
      ]),
    ),
  };
};

/** The rows of contacts a step locked, by id: no one else can change them until the transaction ends. */
export type LockedContacts = ReadonlyMap<string, Row>;

/**
 * The lifecycle states of many contacts, read with at most five set-based queries: the contacts, their companies,
 * the events of the types the configuration can look at (or of `eventTypes`), their backward moves, and the
 * workspace's declared custom property types.
 *
 * `forStep` locks the contacts until the transaction ends (in id order, so two steps sharing contacts queue
 * rather than deadlock): a step writes what it computed from this state, and a concurrent step of the same
 * contact (two event batches, a batch and a re-evaluation) must not compute from the state before the other's
 * writes, nor miss its events. The events are read after the lock, so they include those of the step that
 * held it.
 */
export const loadLifecycleStates = async (
  q: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
  config: LifecycleConfig,
  {
    eventTypes = configEventTypes(config),
    forStep = false,
    created,
    locked,
    unread = [],
    summarizeBefore,
  }: {
    eventTypes?: readonly string[];
    forStep?: boolean;
    /**
     * Contacts the caller's transaction creates, as they start, not yet written: they have no stage history, and their
     * only events are among `unread`. Nothing is read for them.
     */
    created?: ReadonlyMap<string, Contact>;
    /** Rows of these contacts the caller locked and has not changed since (lockContactsForStep): not read again. */
    locked?: LockedContacts;
    /**
     * Events of these contacts that the caller's transaction wrote (inserted, or joined to them) and steps: not read
     * back, since each joins its contact's state as it is stepped (apply). None is from before `summarizeBefore`.
     */
    unread?: readonly string[];
    /**
     * No step of these contacts is earlier than this: their stored events of the types summarizableEventTypes gives
     * from before it are summed for the primary model's engagement (the state's engagementSummary), not read one by
     * one, for every contact with no engagement carried over a recycle. A summary an earlier step kept on the contact
     * (summariesToKeep), summed under the same key and no later than this, is carried forward: only the events since
     * it are read.
     */
    summarizeBefore?: Date;
  } = {},
): Promise<Map<string, LifecycleState>> => {
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return new Map();
  const stored = created ? ids.filter((id) => !created.has(id)) : ids;
  const unlocked = stored.filter((id) => !locked?.has(id));
  const rows: Row[] = [
    ...ids.flatMap((id) => {
      const row = locked?.get(id);
      return row ? [row] : [];
    }),
    ...(unlocked.length === 0
      ? []
      : await q.query(`SELECT * FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[])${forStep ? ` ${STEP_LOCK}` : ''}`, [workspaceId, unlocked])),
  ];
  const contacts = [
    ...rows.map((row) => rowToRecord('contact', row) as unknown as Contact),
    ...ids.flatMap((id) => {
      const contact = created?.get(id);
      return contact ? [contact] : [];
    }),
  ];
  const companyIds = [...new Set(contacts.map((c) => c.companyId).filter((id): id is string => id !== null))];
  const companies = new Map(
    (companyIds.length
      ? await q.query('SELECT * FROM companies WHERE workspace_id = $1 AND id = ANY($2::uuid[])', [workspaceId, companyIds])
      : []
    ).map((row) => {
      const company = rowToRecord('company', row) as unknown as Company;
      return [company.id, company] as const;
    }),
  );
  // The type test is kept out of the index condition (IS TRUE): as one, it made each contact's lookup one
  // descent per type, and for 2,000 contacts the planner then preferred a parallel scan of the whole events
  // table (100k contacts, 1M events: 320–415 ms a batch against 60 ms by key). A lateral lookup per contact is
  // no better: for a workspace the statistics do not know, the planner scanned the workspace's
  // events once per contact (5.8 s for a batch of 5,000 in the ingestion benchmark).
  const model = primaryModel(config.scoring);
  const summarizable = summarizeBefore ? summarizableEventTypes(config).filter((type) => eventTypes.includes(type)) : [];
  const storedSet = new Set(stored);
  const summarized =
    summarizable.length === 0 ? [] : contacts.filter((c) => storedSet.has(c.id) && readEngagementBase(c, model.name) === null).map((c) => c.id);
  const read =
    summarized.length > 0
      ? await readSummarizedEvents(q, workspaceId, stored, eventTypes, model, summarizable, summarized, summarizeBefore!, unread, keptSummaries(rows, summarized, engagementSummaryKey(model, new Set(summarizable)), summarizeBefore!))
      : {
          summaries: new Map<string, EngagementSummary>(),
          events:
            stored.length === 0
              ? []
              : await q.query<EventRow>(
                  `SELECT id, contact_id, type, occurred_at, properties FROM events
                    WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) AND (type = ANY($3::text[])) IS TRUE AND id <> ALL($4::uuid[])
                    ORDER BY occurred_at, id`,
                  [workspaceId, stored, eventTypes, unread],
                ),
        };
  const { summaries } = read;
  const events = groupBy(read.events, (row) => row.contact_id);
  // Only backward moves (recycles, overrides) decide where qualifying starts: the rest of the history stays in
  // the database. The path comparison here only narrows the rows; qualifyingFromHistory decides.
  const history = groupBy(
    stored.length === 0
      ? []
      : await q.query<TransitionRow>(
          `SELECT ${TRANSITION_COLUMNS} FROM stage_transitions
            WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) AND NOT skipped AND array_position($3::text[], to_stage) < array_position($3::text[], from_stage)`,
          [workspaceId, stored, pathStages(config).map((stage) => stage.id)],
        ),
    (row) => row.contact_id,
  );
  // Criteria and fit rules compare custom properties as declared, as lists and the bulk SQL do.
  const types = await propertyTypes(q, workspaceId, 'contact');
  const states = new Map<string, LifecycleState>();
  for (const contact of contacts) {
    const contactEvents: ContactEvent[] = (events.get(contact.id) ?? []).map((e) => ({ id: e.id, type: e.type, occurredAt: instantText(e.occurred_at), properties: e.properties }));
    states.set(contact.id, {
      view: { contact, company: contact.companyId ? (companies.get(contact.companyId) ?? null) : null, events: contactEvents, propertyTypes: types },
      qualifyingFrom: qualifyingFromHistory((history.get(contact.id) ?? []).map(transitionFromRow), config),
      ...(summaries.has(contact.id) ? { engagementSummary: summaries.get(contact.id)! } : {}),
    });
  }
  return states;
};
