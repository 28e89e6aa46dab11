// Feature extraction for the predictive score: a contact's record and its events, seen as of one instant,
// become a numeric vector with named features. The vocabulary of categorical values is learned on the
// training samples only and travels with the model, so scoring a new contact uses the same columns.

import { CHANNELS } from '../attribution/channel.ts';
import type { Company, Contact } from '../contact.ts';
import type { ContactEvent } from '../event.ts';
import { EMAIL_DOMAIN_TYPES, emailDomainType } from './email-domain-type.ts';
import { SENIORITY_LEVELS, seniorityOf } from './seniority.ts';

/** The original-source channels, one feature each. */
export const SOURCE_CHANNELS = CHANNELS;

/**
 * What the model sees of one contact. Only events strictly before `asOf` count: a label decided later
 * must not leak into the features it is predicted from.
 */
export type PredictiveSample = {
  contact: Contact;
  company: Company | null;
  events: readonly ContactEvent[];
  asOf: string;
};

/** The learned vocabulary and the feature names, in vector order. Plain JSON. */
export type FeatureSpec = {
  version: 1;
  names: string[];
  countries: string[];
  industries: string[];
  eventTypes: string[];
  capDays: number;
};

export type FeatureSpecOptions = {
  /** A country, industry or event type needs this many training samples to get its own columns. */
  minCategoryCount?: number;
  /** At most this many columns per categorical (country, industry), the most frequent first. */
  maxCategories?: number;
  /** Ages and recencies are capped here; "never" reads as the cap. */
  capDays?: number;
};

const DAY_MS = 86_400_000;
const OTHER = 'other';
const NONE = 'none';
const ALL_EVENTS = 'all';

const nonEmpty = (value: string | null): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

const normalizedCountry = (sample: PredictiveSample): string | null =>
  nonEmpty(sample.contact.country ?? sample.company?.country ?? null)?.toUpperCase() ?? null;

const normalizedIndustry = (sample: PredictiveSample): string | null =>
  nonEmpty(sample.company?.industry ?? null)?.toLowerCase() ?? null;

/** Per event type (and `all`), how many events happened before `asOf` and when the latest did (ms). */
const eventAggregates = (sample: PredictiveSample): Map<string, { count: number; latest: number }> => {
  const asOf = Date.parse(sample.asOf);
  const aggregates = new Map<string, { count: number; latest: number }>();
  for (const event of sample.events) {
    const at = Date.parse(event.occurredAt);
    if (!(at < asOf)) continue;
    for (const key of [ALL_EVENTS, event.type]) {
      const aggregate = aggregates.get(key);
      if (aggregate === undefined) aggregates.set(key, { count: 1, latest: at });
      else {
        aggregate.count += 1;
        aggregate.latest = Math.max(aggregate.latest, at);
      }
    }
  }
  return aggregates;
};

/** The values seen at least `minCount` times, most frequent first (ties by name), at most `max`. */
const frequentValues = (values: Iterable<string>, minCount: number, max: number): string[] => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .slice(0, max)
    .map(([value]) => value);
};

const oneHotNames = (prefix: string, values: readonly string[]): string[] => values.map((v) => `${prefix}=${v}`);

const featureNames = (countries: string[], industries: string[], eventTypes: string[]): string[] => [
  ...oneHotNames('seniority', SENIORITY_LEVELS),
  ...oneHotNames('emailDomain', EMAIL_DOMAIN_TYPES),
  ...oneHotNames('country', [...countries, OTHER, NONE]),
  ...oneHotNames('company.industry', [...industries, OTHER, NONE]),
  'company.employees.log',
  'company.employees.missing',
  ...oneHotNames('originalSource', [...SOURCE_CHANNELS, NONE]),
  'contact.ageDays',
  ...[ALL_EVENTS, ...eventTypes].flatMap((type) => [`events.${type}.count.log`, `events.${type}.daysSinceLast`]),
];

export const fitFeatureSpec = (samples: readonly PredictiveSample[], options: FeatureSpecOptions = {}): FeatureSpec => {
  const minCount = options.minCategoryCount ?? 20;
  const max = options.maxCategories ?? 30;
  const present = (values: (string | null)[]): string[] => values.filter((v): v is string => v !== null);
  const countries = frequentValues(present(samples.map(normalizedCountry)), minCount, max);
  const industries = frequentValues(present(samples.map(normalizedIndustry)), minCount, max);
  // An event type gets columns once enough contacts have it; custom types are treated alike.
  const eventTypes = frequentValues(
    samples.flatMap((sample) => [...eventAggregates(sample).keys()].filter((type) => type !== ALL_EVENTS)),
    minCount,
    Number.POSITIVE_INFINITY,
  ).sort();
  return {
    version: 1,
    names: featureNames(countries, industries, eventTypes),
    countries,
    industries,
    eventTypes,
    capDays: options.capDays ?? 365,
  };
};

const columnIndexes = new WeakMap<FeatureSpec, Map<string, number>>();

const indexesOf = (spec: FeatureSpec): Map<string, number> => {
  let indexes = columnIndexes.get(spec);
  if (indexes === undefined) {
    indexes = new Map(spec.names.map((name, i) => [name, i]));
    columnIndexes.set(spec, indexes);
  }
  return indexes;
};

const categoryOf = (value: string | null, vocabulary: readonly string[]): string =>
  value === null ? NONE : vocabulary.includes(value) ? value : OTHER;

export const featurize = (spec: FeatureSpec, sample: PredictiveSample): Float64Array => {
  const indexes = indexesOf(spec);
  const vector = new Float64Array(spec.names.length);
  // Values are written by feature name, so the vector's order is the spec's names and nothing else.
  const set = (name: string, value: number): void => {
    const index = indexes.get(name);
    if (index !== undefined) vector[index] = value;
  };
  const asOf = Date.parse(sample.asOf);
  if (Number.isNaN(asOf)) throw new RangeError(`asOf is not a date-time: ${sample.asOf}`);
  // An unreadable date reads like no date at all: as long ago as the cap.
  const daysSince = (at: number): number =>
    Number.isNaN(at) ? spec.capDays : Math.min(spec.capDays, Math.max(0, (asOf - at) / DAY_MS));
  const { contact, company } = sample;

  set(`seniority=${seniorityOf(contact.jobTitle)}`, 1);
  set(`emailDomain=${emailDomainType(contact.email)}`, 1);
  set(`country=${categoryOf(normalizedCountry(sample), spec.countries)}`, 1);
  set(`company.industry=${categoryOf(normalizedIndustry(sample), spec.industries)}`, 1);
  const employees = company?.employees ?? null;
  set('company.employees.log', employees === null ? 0 : Math.log1p(Math.max(0, employees)));
  set('company.employees.missing', employees === null ? 1 : 0);
  const channel = contact.originalSource?.channel ?? NONE;
  set(`originalSource=${(SOURCE_CHANNELS as readonly string[]).includes(channel) ? channel : NONE}`, 1);
  set('contact.ageDays', daysSince(Date.parse(contact.createdAt)));

  const aggregates = eventAggregates(sample);
  for (const type of [ALL_EVENTS, ...spec.eventTypes]) {
    const aggregate = aggregates.get(type);
    set(`events.${type}.count.log`, Math.log1p(aggregate?.count ?? 0));
    set(`events.${type}.daysSinceLast`, aggregate === undefined ? spec.capDays : daysSince(aggregate.latest));
  }
  return vector;
};
