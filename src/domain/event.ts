// Events (touchpoints): appended, never edited. Every state change of a contact is explained by one.

export const EVENT_TYPES = [
  'page_view',
  'form_submitted',
  'email_opened',
  'email_clicked',
  'asset_downloaded',
  'webinar_attended',
  'chat_started',
  'ad_lead',
  'meeting_booked',
  'call_logged',
  'email_logged',
  'note_logged',
  'deal_created',
  'deal_stage_changed',
  'deal_won',
  'deal_lost',
  'payment_received',
  'ticket_opened',
] as const;

export type BuiltInEventType = (typeof EVENT_TYPES)[number];
/** A built-in type, or `custom:<name>`. */
export type EventType = BuiltInEventType | `custom:${string}`;

export const isEventType = (value: string): value is EventType =>
  (EVENT_TYPES as readonly string[]).includes(value) || /^custom:[a-z0-9_.-]{1,64}$/i.test(value);

/** An event as the lifecycle step and the filter predicates see it. */
export type ContactEvent = {
  id: string;
  type: EventType;
  occurredAt: string;
  properties: Record<string, unknown>;
};
