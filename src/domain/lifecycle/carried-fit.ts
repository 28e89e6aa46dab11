// The fit one event step leaves for the next: under most models a contact's fit depends on who the contact is, not
// on what it did, so its steps need not compute it again for every event (LifecycleState.fit).

import type { Company, Contact } from '../contact.ts';
import type { ContactView, EventCondition, PropertyCondition } from '../filter/filter.ts';
import { isEventCondition, someLeaf } from '../filter/filter-tree.ts';
import { readProperty } from '../filter/predicate.ts';
import { type PropertySource, type PropertyTypes, resolveProperty } from '../filter/property-source.ts';
import { memoizeBy } from '../normalize/memo.ts';
import { emailDomainText } from '../normalize/domain.ts';
import { fitTotal } from '../scoring/score.ts';
import type { ScoreModel } from '../scoring/scoring-model.ts';
import type { ContactLifecycleChanges, KnownFit, LifecycleState } from './lifecycle-state.ts';

/**
 * The contact fields a step writes for an event: its stage, statuses and scores (not `properties`: a recycle's). Every
 * lifecycle change but that one is listed, or this does not compile.
 */
const STEP_FIELDS = {
  lifecycleStage: true,
  stageEnteredAt: true,
  leadStatus: true,
  customerStatus: true,
  fitScore: true,
  engagementScore: true,
} as const satisfies Record<Exclude<keyof ContactLifecycleChanges, 'properties'>, true>;

const outlasting = new WeakMap<ScoreModel, boolean>();

/**
 * Whether a model's fit of a contact stays what it was over the contact's event steps: no fit rule names an event,
 * a time relative to now, or a field the step itself writes. The fit then depends on the contact's other fields and
 * its company only, which an event step leaves alone.
 */
export const fitOutlastsEvents = (model: ScoreModel): boolean => {
  let outlasts = outlasting.get(model);
  if (outlasts === undefined) {
    outlasts = !model.fit.some((rule) =>
      someLeaf<PropertyCondition | EventCondition>(
        rule.when,
        (leaf) => isEventCondition(leaf) || leaf.op === 'within_last' || leaf.op === 'more_than_ago' || Object.hasOwn(STEP_FIELDS, leaf.property),
      ),
    );
    outlasting.set(model, outlasts);
  }
  return outlasts;
};

/**
 * The fit an earlier step left for an event's step (`event`: the input is an event, not a property change): under the
 * same model, while the state's view still holds the contact and company it was computed for.
 */
export const carriedFit = (state: LifecycleState, event: boolean, model: ScoreModel): number | undefined => {
  const known = state.fit;
  return event && known?.model === model && known.contact === state.view.contact && known.company === state.view.company ? known.value : undefined;
};

/** What a step leaves for the next one: its fit `value`, for the contact and company the new state holds, when no event can change it. */
export const fitToCarry = (model: ScoreModel, contact: Contact, company: Company | null, value: number): Pick<LifecycleState, 'fit'> =>
  fitOutlastsEvents(model) ? { fit: { model, contact, company, value } satisfies KnownFit } : {};

const NO_TYPES: PropertyTypes = Object.freeze({});

const sourcesByTypes = new WeakMap<ScoreModel, WeakMap<PropertyTypes, readonly PropertySource[]>>();

/** Where each property a model's fit rules read points, once per model and declared types (a batch reads them once). */
const fitSources = (model: ScoreModel, types: PropertyTypes): readonly PropertySource[] => {
  let byTypes = sourcesByTypes.get(model);
  if (byTypes === undefined) sourcesByTypes.set(model, (byTypes = new WeakMap()));
  let sources = byTypes.get(types);
  if (sources === undefined) {
    const names = new Set<string>();
    for (const rule of model.fit) someLeaf<PropertyCondition | EventCondition>(rule.when, (leaf) => (isEventCondition(leaf) ? false : (names.add(leaf.property), false)));
    sources = [...names].map((name) => resolveProperty(name, types));
    byTypes.set(types, sources);
  }
  return sources;
};

/**
 * What an outlasting fit depends on: the value of each property its rules read (a custom one with its declared type,
 * which decides how it compares) and the email's domain as written, which alone decides the email-domain points.
 */
const fitKey = (model: ScoreModel, view: ContactView): string => {
  const { email } = view.contact;
  const domain = email === null ? null : emailDomainText(email);
  let key = domain === null ? '' : `${domain.length}@${domain}`;
  for (const source of fitSources(model, view.propertyTypes ?? NO_TYPES)) {
    const value = readProperty(source, view);
    // Text as it is after its length, so no two lists of values give one key; anything else as JSON.
    key += typeof value === 'string' ? `\u0000${value.length}s${value}` : `\u0000j${value === undefined ? '' : JSON.stringify(value)}`;
    if ('key' in source) key += `\u0001${source.declared ?? ''}`;
  }
  return key;
};

const remembered = new WeakMap<ScoreModel, (key: string, at: { view: ContactView; now: Date }) => number>();

/**
 * The model's fit of the view when no event or time can change it (fitOutlastsEvents), remembered across steps and
 * batches by what it depends on (fitKey): contacts share job titles, countries, company sizes and email domains, so a
 * batch's first step of a contact mostly finds its fit here rather than testing every rule again (the default model's
 * title rules are over a hundred text tests). Undefined when the fit can change with events or time.
 */
export const rememberedFit = (model: ScoreModel, view: ContactView, now: Date): number | undefined => {
  if (!fitOutlastsEvents(model)) return undefined;
  let fit = remembered.get(model);
  if (fit === undefined) {
    fit = memoizeBy(({ view: viewed, now: at }: { view: ContactView; now: Date }) => fitTotal(viewed, model, at));
    remembered.set(model, fit);
  }
  return fit(fitKey(model, view), { view, now });
};
