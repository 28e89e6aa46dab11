// One contact's life in the CRM: when it arrived, how far down the path it went (with plausible times in each
// stage, stages skipped now and then, and lost deals recycled back to marketing), the events that explain each
// move, the activity in between, and its deal. Everything is drawn from the workspace's one random stream.

import { gaussian } from '../../src/domain/predictive/seeded-random.ts';
import type { Touch } from './touches.ts';
import type { Cell, TableRows } from './tables.ts';
import { isoInstant } from './iso-instant.ts';
import { seededUuidV7 } from './seeded-uuid.ts';
import { weighted, type Weighted } from './weighted.ts';

const DAY_MS = 86_400_000;

/** The classic template's path, in order; `other` (partners, vendors) is off it. */
export const PATH = ['subscriber', 'lead', 'marketing_qualified', 'sales_qualified', 'opportunity', 'customer', 'evangelist'] as const;
const OPPORTUNITY = 4;
const CUSTOMER = 5;
const OTHER = -1;

// How far contacts get: most stay near the top of the funnel. -1 is `other`.
const FINAL_STAGE = weighted<number>([[0, 22], [1, 36], [2, 14], [3, 8], [4, 7], [5, 8], [6, 2], [OTHER, 3]]);
/** Mean days spent in each stage before the next, for those who move on. */
const MEAN_DAYS_IN_STAGE = [25, 30, 12, 15, 40, 120];
const SKIP_SHARE = 0.1;
const LOST_SHARE = 0.25;
const RECYCLE_REASONS = ['no_budget', 'bad_timing', 'competitor', 'not_decision_maker', 'no_response'];
const LEAD_STATUS: Record<string, readonly string[]> = {
  lead: ['new', 'new', 'attempting', 'connected', 'unqualified'],
  marketing_qualified: ['new', 'attempting', 'connected'],
  sales_qualified: ['connected', 'in_progress'],
  opportunity: ['open_deal'],
};
const JOB_TITLES = weighted<string>([
  ['Marketing Manager', 8], ['Sales Director', 5], ['VP Marketing', 4], ['VP Sales', 3], ['Chief Executive Officer', 2], ['Chief Revenue Officer', 1],
  ['Head of Growth', 3], ['Demand Generation Manager', 4], ['Software Engineer', 6], ['Account Executive', 5], ['Analyst', 6], ['Operations Manager', 4],
  ['Founder', 2], ['Product Manager', 4], ['Customer Success Manager', 3], ['Student', 1],
]);
const ACTIVITY = weighted<string>([
  ['page_view', 60], ['email_opened', 17], ['email_clicked', 6], ['asset_downloaded', 4], ['webinar_attended', 2], ['chat_started', 1.5],
  ['ad_lead', 1], ['call_logged', 2], ['email_logged', 3], ['note_logged', 1], ['form_submitted', 2.5],
]);
const EMAIL_CAMPAIGNS = ['newsletter-weekly', 'webinar-promo', 'nurture-1', 'nurture-2', 'product-update', 'ebook-benchmarks'];
const FORMS = ['demo-request', 'ebook-benchmarks', 'contact-us', 'webinar-q2', 'pricing-quote'];
const DEAL_STAGES = ['qualification', 'proposal', 'negotiation'];

export type Person = { email: string | null; firstName: string | null; lastName: string | null; phone: string | null; city: string | null; country: string };

export type JourneyContext = {
  workspaceId: string;
  random: () => number;
  touches: Weighted<Touch>;
  asOfMs: number;
  eventsPerContact: number;
  ownerIds: readonly string[];
  rows: TableRows;
};

/** Company facts a contact's journey needs, and the roll-up it feeds (highest stage, active customer). */
export type CompanyLink = { id: string; name: string; employees: number; rollUp: (stageIndex: number, activeCustomer: boolean) => void };

const iso = isoInstant;
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const exponentialDays = (random: () => number, meanDays: number): number => -Math.log(1 - random()) * meanDays * DAY_MS;
const geometric = (random: () => number, mean: number): number =>
  mean <= 0 ? 0 : Math.floor(Math.log(1 - random()) / Math.log(mean / (mean + 1)));
const clamp = (value: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, value));
const withAt = (sourceJson: string, ms: number): string => `${sourceJson.slice(0, -1)},"at":"${iso(ms)}"}`;

type Entry = { stage: number; at: number; skipped: boolean; recycle?: string };

/** The stage entries of a contact, from its first stage to where it stands at `asOf`. */
const stageEntries = (ctx: JourneyContext, createdMs: number): Entry[] => {
  const { random } = ctx;
  const target = FINAL_STAGE.pick(random);
  if (target === OTHER) return [{ stage: OTHER, at: createdMs, skipped: false }];
  const first = target >= 1 && random() < 0.55 ? 1 : 0;
  const entries: Entry[] = [{ stage: first, at: createdMs, skipped: false }];
  let at = createdMs;
  for (let stage = first + 1; stage <= target; stage++) {
    at += exponentialDays(random, MEAN_DAYS_IN_STAGE[stage - 1]!);
    if (at >= ctx.asOfMs) break;
    entries.push({ stage, at, skipped: false });
  }
  // A jump records the stages it passed over as entered and exited at the instant of the jump.
  for (let i = entries.length - 2; i >= 1; i--) {
    const entry = entries[i]!;
    if (entry.stage >= 2 && entry.stage <= OPPORTUNITY && random() < SKIP_SHARE) Object.assign(entry, { at: entries[i + 1]!.at, skipped: true });
  }
  const last = entries[entries.length - 1]!;
  if (last.stage === OPPORTUNITY && random() < LOST_SHARE) {
    const lostAt = last.at + exponentialDays(random, 30);
    if (lostAt < ctx.asOfMs) entries.push({ stage: 1, at: lostAt, skipped: false, recycle: pick(random, RECYCLE_REASONS) });
  }
  return entries;
};

const pushEvent = (ctx: JourneyContext, contactId: string | null, type: string, ms: number, properties: string, source: string | null, anonymousId: string | null = null): string => {
  const id = seededUuidV7(ms, ctx.random);
  // Events arrive a few seconds after they happen.
  ctx.rows.events.push([ctx.workspaceId, id, contactId, anonymousId, type, iso(ms), iso(ms + 1000 + Math.floor(ctx.random() * 30_000)), properties, source]);
  return id;
};

/** The event that made the contact enter `stage`, or null for a move a person made by hand. */
const milestoneEvent = (ctx: JourneyContext, contactId: string, entry: Entry, dealJson: string): string | null => {
  const { random } = ctx;
  if (entry.recycle) return pushEvent(ctx, contactId, 'deal_lost', entry.at, dealJson, null);
  const touch = ctx.touches.pick(random);
  switch (PATH[entry.stage]) {
    case 'subscriber':
      return pushEvent(ctx, contactId, 'form_submitted', entry.at, JSON.stringify({ formId: 'newsletter', url: touch.url }), touch.sourceJson);
    case 'lead':
      return pushEvent(ctx, contactId, 'form_submitted', entry.at, JSON.stringify({ formId: pick(random, FORMS), url: touch.url }), touch.sourceJson);
    case 'marketing_qualified':
      return pushEvent(ctx, contactId, 'page_view', entry.at, '{"url":"https://www.example-saas.com/pricing","path":"/pricing","referrer":null}', '{"channel":"direct","campaign":null,"source":null,"medium":null,"term":null,"referrerDomain":null}');
    case 'sales_qualified':
      return pushEvent(ctx, contactId, 'meeting_booked', entry.at, '{"meetingType":"discovery"}', null);
    case 'opportunity':
      return pushEvent(ctx, contactId, 'deal_created', entry.at, dealJson, null);
    case 'customer':
      return pushEvent(ctx, contactId, 'deal_won', entry.at, dealJson, null);
    default:
      return null;
  }
};

const pushTransitions = (ctx: JourneyContext, contactId: string, entries: readonly Entry[], dealJson: string): void => {
  let cause: string | null = null;
  // Walk backwards so a skipped stage takes the cause of the jump that passed over it.
  const rows: Cell[][] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (!entry.skipped) cause = milestoneEvent(ctx, contactId, entry, dealJson);
    const previous = entries[i - 1];
    const next = entries[i + 1];
    const stage = entry.stage === OTHER ? 'other' : PATH[entry.stage]!;
    const causeType = entry.recycle ? 'recycle' : cause === null ? 'manual' : 'event';
    rows.push([
      ctx.workspaceId, seededUuidV7(entry.at, ctx.random), contactId, previous ? PATH[previous.stage]! : null, stage,
      iso(entry.at), next ? iso(next.at) : null, causeType, cause, entry.skipped, entry.recycle ?? null, 1,
    ]);
  }
  for (let i = rows.length - 1; i >= 0; i--) ctx.rows.stage_transitions.push(rows[i]!);
};

/** Activity between milestones: page views (some before the contact was known), emails, calls, downloads. */
const pushActivity = (ctx: JourneyContext, contactId: string, createdMs: number, stage: number): { count: number; lastTouch: Touch; lastTouchMs: number } => {
  const { random } = ctx;
  const count = geometric(random, ctx.eventsPerContact * (0.45 + 0.25 * Math.max(stage, 0)));
  const visitor = `v-${contactId.slice(-12)}`;
  let lastTouch = ctx.touches.pick(random);
  let lastTouchMs = createdMs;
  for (let k = 0; k < count; k++) {
    const ms = createdMs - 20 * DAY_MS + random() * (ctx.asOfMs - createdMs + 20 * DAY_MS);
    const type = stage >= CUSTOMER && random() < 0.05 ? 'ticket_opened' : ACTIVITY.pick(random);
    if (type === 'page_view' || type === 'ad_lead' || type === 'form_submitted') {
      const touch = ctx.touches.pick(random);
      const properties = type === 'form_submitted' ? JSON.stringify({ formId: pick(random, FORMS), url: touch.url }) : touch.propertiesJson;
      // Before the contact was known its visits were anonymous; identification joined them to it.
      pushEvent(ctx, contactId, type, ms, properties, touch.sourceJson, ms < createdMs ? visitor : null);
      if (ms > lastTouchMs) [lastTouch, lastTouchMs] = [touch, ms];
    } else if (type.startsWith('email_')) {
      pushEvent(ctx, contactId, type, ms, JSON.stringify({ campaign: pick(random, EMAIL_CAMPAIGNS), emailId: `em-${Math.floor(random() * 500)}` }), null);
    } else {
      pushEvent(ctx, contactId, type, ms, '{}', null);
    }
  }
  // Visitors who never identified themselves leave anonymous page views behind.
  if (random() < 0.2) {
    const touch = ctx.touches.pick(random);
    pushEvent(ctx, null, 'page_view', createdMs - random() * 30 * DAY_MS, touch.propertiesJson, touch.sourceJson, `v-anon-${contactId.slice(-12)}`);
  }
  return { count, lastTouch, lastTouchMs };
};

type Deal = { id: string; json: string; status: 'open' | 'won' | 'lost' };

const pushDeal = (ctx: JourneyContext, contactId: string, entries: readonly Entry[], company: CompanyLink | null, person: Person, ownerId: string | null): Deal => {
  const { random } = ctx;
  const opened = entries.find((e) => e.stage === OPPORTUNITY)!.at;
  const won = entries.find((e) => e.stage === CUSTOMER);
  const lost = entries.find((e) => e.recycle);
  const status = won ? 'won' : lost ? 'lost' : 'open';
  const closedMs = won?.at ?? lost?.at ?? null;
  const scale = company ? company.employees ** 0.3 : 1;
  const amount = Math.round(8000 * scale * Math.exp(0.5 * gaussian(random))) * 100;
  const id = seededUuidV7(opened, random);
  const stage = status === 'won' ? 'closed_won' : status === 'lost' ? 'closed_lost' : pick(random, DEAL_STAGES);
  const closeDate = iso(closedMs ?? opened + 60 * DAY_MS).slice(0, 10);
  const name = `${company?.name ?? `${person.firstName ?? ''} ${person.lastName ?? ''}`.trim()} — ${pick(random, ['Team plan', 'Business plan', 'Enterprise plan'])}`;
  ctx.rows.deals.push([
    ctx.workspaceId, id, name, amount, 'USD', 'default', stage, status, closeDate, closedMs === null ? null : iso(closedMs), company?.id ?? null, ownerId,
    iso(opened), iso(closedMs ?? opened),
  ]);
  ctx.rows.deal_contacts.push([ctx.workspaceId, id, contactId, iso(opened)]);
  return { id, json: JSON.stringify({ dealId: id, amount, currency: 'USD' }), status };
};

/** Adds one contact and everything that happened to it to `ctx.rows`. */
export const pushJourney = (ctx: JourneyContext, person: Person, company: CompanyLink | null): void => {
  const { random } = ctx;
  const createdMs = ctx.asOfMs - random() * 365 * DAY_MS;
  const contactId = seededUuidV7(createdMs, random);
  const entries = stageEntries(ctx, createdMs);
  const current = entries[entries.length - 1]!;
  const reached = Math.max(...entries.map((e) => e.stage));
  const ownerId = reached >= 2 && ctx.ownerIds.length > 0 ? pick(random, ctx.ownerIds) : null;
  const deal = reached >= OPPORTUNITY ? pushDeal(ctx, contactId, entries, company, person, ownerId) : null;
  pushTransitions(ctx, contactId, entries, deal?.json ?? '{}');
  const activity = pushActivity(ctx, contactId, createdMs, current.stage);

  const stage = current.stage === OTHER ? 'other' : PATH[current.stage]!;
  const leadStatus = current.recycle ? 'recycled' : LEAD_STATUS[stage] ? pick(random, LEAD_STATUS[stage]!) : null;
  const customerStatus = current.stage >= CUSTOMER ? (random() < 0.9 ? 'active' : 'inactive') : null;
  const firstTouch = ctx.touches.pick(random);
  const fit = clamp(Math.round(30 + 6 * Math.max(reached, 0) + 12 * gaussian(random)), 0, 100);
  const engagement = clamp(Math.round(activity.count * 4 + 5 * gaussian(random)), 0, 100);
  const updatedMs = Math.max(current.at, activity.lastTouchMs);
  ctx.rows.contacts.push([
    ctx.workspaceId, contactId, person.email, person.firstName, person.lastName, person.phone, JOB_TITLES.pick(random), person.country, person.city,
    company?.id ?? null, ownerId, stage, leadStatus, customerStatus, iso(current.at), fit, engagement,
    withAt(firstTouch.sourceJson, createdMs), withAt(activity.lastTouch.sourceJson, activity.lastTouchMs), iso(createdMs), iso(updatedMs),
  ]);
  if (company && current.stage !== OTHER) company.rollUp(current.stage, customerStatus === 'active');
};
