import { classifySource, type ClassifiedTouch, type TouchInput } from '../../domain/attribution/classify-source.ts';
import { CLICK_ID_PARAMS, TRACKING_PARAMS } from '../../domain/attribution/tracking-params.ts';
import { memoize } from '../../domain/normalize/memo.ts';

// Which events are marketing touches, and their source. A page view without referrer or tags is a
// direct touch; a note or a deal update is no touch at all unless it carries tracking information.

const TOUCH_TYPES: ReadonlySet<string> = new Set([
  'page_view',
  'form_submitted',
  'chat_started',
  'ad_lead',
  'asset_downloaded',
  'webinar_attended',
  'email_clicked',
]);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const touchInput = (properties: Record<string, unknown>): TouchInput | null => {
  const touch: TouchInput = { url: text(properties.url), referrer: text(properties.referrer), offline: properties.offline === true };
  let tracked = touch.url !== null || touch.referrer !== null || touch.offline === true;
  for (const name of TRACKING_PARAMS) {
    const value = text(properties[name]);
    if (value === null) continue;
    touch[name] = value;
    tracked = true;
  }
  return tracked ? touch : null;
};

// Traffic repeats its landing pages, campaign links and referrers: each distinct touch (by its JSON) is parsed
// and classified once, and only its time differs between events.
const classifiedTouch = memoize((touch: string) => classifySource(JSON.parse(touch) as TouchInput, ''));

// A click id's value is different on every paid click, but only its presence counts in the classification: in
// the memo's key a plain value (one that reads as itself, so is kept as given) stands for any other, and a
// campaign's paid clicks share one entry instead of each being parsed and classified again.
const PLAIN_VALUE = '[A-Za-z0-9_.~-]+';
const CLICK_ID_IN_URL = new RegExp(`([?&#](?:${CLICK_ID_PARAMS.join('|')})=)${PLAIN_VALUE}(?=[&#]|$)`, 'g');
const PLAIN = new RegExp(`^${PLAIN_VALUE}$`);
const memoKey = (input: TouchInput): string => {
  const key: TouchInput = { ...input };
  if (typeof key.url === 'string') key.url = key.url.replace(CLICK_ID_IN_URL, '$1x');
  for (const name of CLICK_ID_PARAMS) {
    const value = key[name];
    if (typeof value === 'string' && PLAIN.test(value)) key[name] = 'x';
  }
  return JSON.stringify(key);
};

/** The classified source of an event, or null when the event is no touch. */
export const touchSource = (type: string, properties: Record<string, unknown>, occurredAt: string): ClassifiedTouch | null => {
  const touch = touchInput(properties);
  if (touch === null && !TOUCH_TYPES.has(type)) return null;
  // An email click the sender did not tag still came from an email.
  const input = type === 'email_clicked' && !touch?.utm_medium ? { ...touch, utm_medium: 'email' } : (touch ?? {});
  return { ...classifiedTouch(memoKey(input)), at: occurredAt };
};
