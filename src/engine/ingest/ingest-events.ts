import type { SourceTouch } from '../../domain/contact.ts';
import type { ContactEvent, EventType } from '../../domain/event.ts';
import type { Queryable } from '../../store/database.ts';
import { EXTERNAL_ID_INDEX, insertEvents, markEventsStepped } from '../../store/events.ts';
import { retryOnDeadlock } from '../../store/deadlock-retry.ts';
import { violatesUnique } from '../unique-violation.ts';
import { NEW_EMAIL_INDEX } from '../contact-updates.ts';
import { newId } from '../../store/ids.ts';
import type { RequestContext } from '../context.ts';
import { keepStatistics } from '../../store/statistics.ts';
import { rollUpForwardMovers } from '../company-rollup-service.ts';
import { stepContacts } from '../lifecycle-service.ts';
import { currentConfig } from '../workspace-config.ts';
import { type LockedContacts, lockContactsForStep } from '../lifecycle-states.ts';
import { newestContactFields } from './contact-fields.ts';
import { type ContactTouch, sourceSpans } from './contact-sources.ts';
import { type EventItem, isRejection, parseEventItem } from './event-item.ts';
import { linkVisitors, resolveContacts, resolveEmailsAhead } from './resolve-contacts.ts';
import { touchSource } from './touch-source.ts';
import { instantText } from '../../store/instant-text.ts';

export const MAX_BATCH = 10_000;

export type ItemStatus = 'accepted' | 'duplicate' | 'rejected';

export type ItemResult = { index: number; status: ItemStatus; eventId?: string; contactId?: string; reason?: string };

export type IngestResult = { results: ItemResult[]; counts: Record<ItemStatus, number> };

export type IngestOptions = {
  /** The Idempotency-Key header: the id of a single event sent without one. */
  idempotencyKey?: string | null;
  now?: Date;
};

/** A stored event as the lifecycle and the source fields need it. */
type WrittenEvent = { id: string; contactId: string | null; type: EventType; occurredAt: string; properties: Record<string, unknown>; source: SourceTouch | null };

/** A concurrent request stored one of the batch's event ids, or a contact with one of its new emails, after the batch looked them up. */
const storedMeanwhile = (error: unknown): boolean => violatesUnique(error, EXTERNAL_ID_INDEX) || violatesUnique(error, NEW_EMAIL_INDEX);

/** Items whose id repeats an earlier item of the batch are duplicates of it. */
const splitBatchDuplicates = (items: readonly EventItem[]) => {
  const first = new Map<string, EventItem>();
  const fresh: EventItem[] = [];
  const repeats: { item: EventItem; of: EventItem }[] = [];
  for (const item of items) {
    const seen = item.externalId === null ? undefined : first.get(item.externalId);
    if (seen) repeats.push({ item, of: seen });
    else {
      if (item.externalId !== null) first.set(item.externalId, item);
      fresh.push(item);
    }
  }
  return { fresh, repeats };
};

const storedExternalIds = async (q: Queryable, workspaceId: string, items: readonly EventItem[]) => {
  const ids = items.flatMap((item) => (item.externalId === null ? [] : [item.externalId]));
  if (ids.length === 0) return new Map<string, { id: string; contact_id: string | null }>();
  const rows = await q.query<{ external_id: string; id: string; contact_id: string | null }>(
    'SELECT external_id, id, contact_id FROM events WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
    [workspaceId, ids],
  );
  return new Map(rows.map((row) => [row.external_id, row]));
};

/**
 * Earlier anonymous events of the visitors the batch identified join their contact. Rows a concurrent batch is joining
 * (it identified the same visitor) are skipped, not waited for: that batch gives them a contact, which is all that
 * waiting would have found here too, since only events still without one are joined. Waiting would also take row locks
 * in whatever order the join meets the rows, and three batches identifying the same visitors deadlocked on them.
 */
const joinVisitorEvents = async (q: Queryable, workspaceId: string, identified: ReadonlyMap<string, string>): Promise<WrittenEvent[]> => {
  if (identified.size === 0) return [];
  const rows = await q.query<{ id: string; contact_id: string; type: EventType; occurred_at: unknown; properties: Record<string, unknown>; source: SourceTouch | null }>(
    `WITH free AS (
       SELECT e.id, u.contact_id FROM events e JOIN unnest($2::text[], $3::uuid[]) AS u(anonymous_id, contact_id) ON e.anonymous_id = u.anonymous_id
        WHERE e.workspace_id = $1 AND e.contact_id IS NULL
          FOR UPDATE OF e SKIP LOCKED)
     UPDATE events e SET contact_id = free.contact_id FROM free
      WHERE e.workspace_id = $1 AND e.id = free.id
      RETURNING e.id, e.contact_id, e.type, e.occurred_at, e.properties, e.source`,
    [workspaceId, [...identified.keys()], [...identified.values()]],
  );
  return rows.map((row) => ({ id: row.id, contactId: row.contact_id, type: row.type, occurredAt: instantText(row.occurred_at), properties: row.properties, source: row.source }));
};

const lifecycleInputs = (events: readonly WrittenEvent[]) =>
  events
    .filter((e): e is WrittenEvent & { contactId: string } => e.contactId !== null)
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0))
    .map((e) => {
      const event: ContactEvent = { id: e.id, type: e.type, occurredAt: e.occurredAt, properties: e.properties };
      return { contactId: e.contactId, input: { kind: 'event' as const, event } };
    });

const touchesOf = (events: readonly WrittenEvent[]): ContactTouch[] =>
  events.flatMap((e) => (e.contactId !== null && e.source !== null ? [{ contactId: e.contactId, source: e.source }] : []));

const countStatuses = (results: readonly ItemResult[]): Record<ItemStatus, number> => {
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
};

/**
 * Ingests a batch of events in one transaction with a fixed number of set-based statements: check each
 * item, drop the ones already stored, resolve contacts (giving the new emails new contacts), write the events, then
 * for the contacts the batch creates and after them (locked) for the others: join identified visitors' earlier
 * touches, run the lifecycle step over the new events in time order, with the fields and sources they give, and
 * write the contacts in one statement (the new ones inserted as their step left them, the others updated); last,
 * roll their companies up and link the visitors.
 * New companies are made just before, in a transaction of their own (resolveEmailsAhead). A bad item is
 * rejected with its reason; the good ones go on.
 */
export const ingestEvents = async (ctx: RequestContext, raw: readonly unknown[], options: IngestOptions = {}): Promise<IngestResult> => {
  const now = options.now ?? new Date();
  const key = raw.length === 1 ? (options.idempotencyKey ?? null) : null;
  const results: ItemResult[] = new Array(raw.length);
  const valid: EventItem[] = [];
  raw.forEach((item, index) => {
    const parsed = parseEventItem(item, index, now, key);
    if (isRejection(parsed)) results[index] = { index, status: 'rejected', reason: parsed.reason };
    else valid.push(parsed);
  });
  const { fresh, repeats } = splitBatchDuplicates(valid);
  const ahead = await resolveEmailsAhead(ctx.db, ctx.workspaceId, ctx.actor, fresh);

  // Concurrent batches queue on the contacts they share (the step locks them); one that deadlocks on a row the
  // other created, or meets an event id or a new contact's email the other stored after this one's check, runs
  // again from scratch, every result it gives recomputed (that event then a duplicate, that contact a known one).
  const growth = await retryOnDeadlock(() => ctx.db.transaction(async (tx) => {
    const stored = await storedExternalIds(tx, ctx.workspaceId, fresh);
    const pending: EventItem[] = [];
    for (const item of fresh) {
      const found = item.externalId === null ? undefined : stored.get(item.externalId);
      if (found) results[item.index] = { index: item.index, status: 'duplicate', eventId: found.id, ...(found.contact_id ? { contactId: found.contact_id } : {}) };
      else pending.push(item);
    }
    const resolution = await resolveContacts(tx, ctx.workspaceId, ctx.actor, pending, now, ahead);
    for (const [index, reason] of resolution.rejected) results[index] = { index, status: 'rejected', reason };
    const accepted = pending
      .filter((item) => !resolution.rejected.has(item.index))
      .map((item) => ({
        item,
        id: newId(),
        externalId: item.externalId,
        anonymousId: item.contact.anonymousId,
        contactId: resolution.contactOf.get(item.index) ?? null,
        type: item.type,
        occurredAt: item.occurredAt,
        properties: item.properties,
        source: touchSource(item.type, item.properties, item.occurredAt),
      }));
    await markEventsStepped(tx);
    await insertEvents(tx, ctx.workspaceId, accepted);
    const versioned = await currentConfig(tx, ctx.workspaceId);
    // The batch's own new contacts, or the others: their events, and the visitors identified as them.
    const part = (own: boolean) => {
      const holds = (contactId: string) => resolution.created.has(contactId) === own;
      return {
        events: accepted.filter((e): e is typeof e & { contactId: string } => e.contactId !== null && holds(e.contactId)),
        visitors: new Map([...resolution.identified].filter(([, contactId]) => holds(contactId))),
        own,
      };
    };
    // Joins the part's visitors' earlier events to their contacts and steps its contacts, with the fields and sources
    // their events give: every contact with fields or a touch has an input, so its step and its updates go out together.
    const stepPart = async ({ events, visitors, own }: ReturnType<typeof part>, lockedRows?: LockedContacts) => {
      const joined = await joinVisitorEvents(tx, ctx.workspaceId, visitors);
      const eventUpdates = {
        fields: newestContactFields(events.map((e) => ({ item: e.item, contactId: e.contactId }))),
        spans: sourceSpans(touchesOf([...joined, ...events])),
      };
      const inputs = lifecycleInputs([...joined, ...events]);
      if (inputs.length === 0) return [];
      // The events the batch wrote or joined are not read back (each joins its contact's state as it is stepped): the
      // batch's own new contacts have no others, and the other contacts' stored events are read without them.
      const options = { eventUpdates, locked: true, versioned, inputsWritten: true, ...(own ? { created: resolution.created } : {}), ...(lockedRows ? { lockedRows } : {}) };
      return (await stepContacts(tx, ctx.workspaceId, inputs, options))
        .movers;
    };
    // The contacts this batch creates are its own until it commits, so they are stepped first, while a concurrent
    // batch may still hold the others. Those are locked next, so a batch stepping the same contacts is waited for
    // here, once, after this batch's own writes; the visitors' earlier events are joined after that, when such a batch
    // has committed the ones it joined (and the join skips only rows a batch is joining to its own contacts).
    const newMovers = await stepPart(part(true));
    const known = part(false);
    const lockedRows = await lockContactsForStep(tx, ctx.workspaceId, [...known.visitors.values(), ...known.events.map((e) => e.contactId)]);
    const knownMovers = await stepPart(known, lockedRows);
    await rollUpForwardMovers(tx, ctx.workspaceId, versioned.config, [...newMovers, ...knownMovers]);
    await linkVisitors(tx, ctx.workspaceId, resolution.identified);
    for (const e of accepted) {
      results[e.item.index] = { index: e.item.index, status: 'accepted', eventId: e.id, ...(e.contactId ? { contactId: e.contactId } : {}) };
    }
    return { contacts: resolution.created.size, events: accepted.length };
  }), storedMeanwhile);
  await keepStatistics(ctx.db, ctx.workspaceId, growth);

  for (const { item, of } of repeats) {
    const first = results[of.index]!;
    results[item.index] = first.status === 'rejected' ? { ...first, index: item.index } : { ...first, index: item.index, status: 'duplicate' };
  }
  return { results, counts: countStatuses(results) };
};
