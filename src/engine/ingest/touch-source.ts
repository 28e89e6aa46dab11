import { classifySource, type ClassifiedTouch, type TouchInput } from '../../domain/attribution/classify-source.ts';
import { CLICK_ID_PARAMS, isTrackingParam, TRACKING_PARAMS } from '../../domain/attribution/tracking-params.ts';
import { memoize, memoizeByTextPair } from '../../domain/normalize/memo.ts';

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

/** Whether the properties hold a tracking parameter (a tag or a click id) of their own. */
const tagged = (properties: Record<string, unknown>): boolean => {
  for (const name in properties) if (isTrackingParam(name)) return true;
  return false;
};

const touchInput = (properties: Record<string, unknown>, withTags: boolean): TouchInput | null => {
  const touch: TouchInput = { url: text(properties.url), referrer: text(properties.referrer), offline: properties.offline === true };
  let tracked = touch.url !== null || touch.referrer !== null || touch.offline === true;
  if (withTags) {
    for (const name of TRACKING_PARAMS) {
      const value = text(properties[name]);
      if (value === null) continue;
      touch[name] = value;
      tracked = true;
    }
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

// Most touches are page views and clicks that carry a URL and a referrer and no tag of their own: those are
// remembered by the two texts as they come, without the JSON key (classifying a batch's sources took 5–6 µs an event,
// a third of it building that key), and without joining them into one key either: looking up a joined URL and
// referrer took longer than anything else a batch's classification did. A URL with a click id has a different value
// on every paid click, so it takes the general path, which counts the click id's presence only.
const CLICK_ID_PARAM = new RegExp(`[?&#](?:${CLICK_ID_PARAMS.join('|')})=`);
const classifiedPages = memoizeByTextPair((input: TouchInput) => classifiedTouch(memoKey(input)));
/** By which of the four are null, set or untagged, then URL, then referrer. */
const classifiedPage = (url: string | null, referrer: string | null, offline: boolean, emailed: boolean, input: TouchInput): ClassifiedTouch =>
  classifiedPages((url === null ? 1 : 0) + (referrer === null ? 2 : 0) + (offline ? 4 : 0) + (emailed ? 8 : 0), url ?? '', referrer ?? '', input);

/** The classified source of an event, or null when the event is no touch. */
export const touchSource = (type: string, properties: Record<string, unknown>, occurredAt: string): ClassifiedTouch | null => {
  const withTags = tagged(properties);
  const touch = touchInput(properties, withTags);
  if (touch === null && !TOUCH_TYPES.has(type)) return null;
  // An email click the sender did not tag still came from an email.
  const emailed = type === 'email_clicked' && !touch?.utm_medium;
  const input = emailed ? { ...touch, utm_medium: 'email' } : (touch ?? {});
  if (touch !== null && !withTags && !(touch.url && CLICK_ID_PARAM.test(touch.url))) {
    return { ...classifiedPage(touch.url ?? null, touch.referrer ?? null, touch.offline === true, emailed, input), at: occurredAt };
  }
  return { ...classifiedTouch(memoKey(input)), at: occurredAt };
};
