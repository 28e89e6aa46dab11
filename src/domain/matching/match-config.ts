export type MatchComparator = 'jaro_winkler' | 'exact' | 'phonetic' | 'email' | 'phone' | 'company' | 'city';

/**
 * One compared field. `field` is a property name or a dotted path (`properties.linkedinUrl`), so
 * custom fields take part like standard ones. A field may be listed twice with two comparators.
 * Weights are not negative: a pair's score is the weighted mean of its fields' similarities.
 */
export type MatchField = { field: string; comparator: MatchComparator; weight: number };

/** How a blocking key is read from one field. */
export type BlockingTransform = 'exact' | 'phonetic' | 'initial' | 'email' | 'phone_last7' | 'company';

/**
 * Records are compared only when they share a blocking key. A key joins its parts; it is absent
 * when any part is empty. `unordered` sorts the parts first, so swapped first and last names meet.
 */
export type BlockingRule = {
  name: string;
  parts: readonly { field: string; transform: BlockingTransform }[];
  unordered?: boolean;
};

export type MatchConfig = {
  fields: readonly MatchField[];
  /** Two fields that people enter the wrong way round; the pair is scored both ways and the better kept. */
  swappable?: readonly [string, string];
  blocking: readonly BlockingRule[];
  /**
   * A block larger than this (a common surname, a shared switchboard number) is not compared all
   * against all: its records are sorted and each is compared with the next `blockWindow - 1`.
   */
  maxBlockSize: number;
  blockWindow: number;
  /**
   * Missing fields do not count against a pair, but a pair that shares little must not reach a
   * threshold on that little: below this compared weight, the shortfall counts as disagreement.
   */
  minComparedWeight: number;
  /** Jaro-Winkler similarity at or below this counts as no similarity (see `stretchedJaroWinkler`). */
  jaroWinklerFloor: number;
  thresholds: {
    /** Pairs at or above go to the review queue. */
    review: number;
    /** Pairs at or above may merge without review where auto-merge is enabled. */
    autoMerge: number;
    /** A field counts as matched when its similarity reaches this. */
    fieldMatch: number;
  };
};

export const DEFAULT_MATCH_CONFIG: MatchConfig = {
  fields: [
    { field: 'email', comparator: 'email', weight: 4 },
    { field: 'phone', comparator: 'phone', weight: 3 },
    { field: 'firstName', comparator: 'jaro_winkler', weight: 2 },
    { field: 'lastName', comparator: 'jaro_winkler', weight: 2.5 },
    { field: 'lastName', comparator: 'phonetic', weight: 0.5 },
    { field: 'company', comparator: 'company', weight: 2 },
    { field: 'city', comparator: 'city', weight: 1 },
  ],
  swappable: ['firstName', 'lastName'],
  blocking: [
    { name: 'email', parts: [{ field: 'email', transform: 'email' }] },
    { name: 'phone', parts: [{ field: 'phone', transform: 'phone_last7' }] },
    { name: 'last_name_first_initial', parts: [{ field: 'lastName', transform: 'phonetic' }, { field: 'firstName', transform: 'initial' }] },
    { name: 'sorted_name', parts: [{ field: 'firstName', transform: 'phonetic' }, { field: 'lastName', transform: 'phonetic' }], unordered: true },
    { name: 'first_name_company', parts: [{ field: 'firstName', transform: 'phonetic' }, { field: 'company', transform: 'company' }] },
  ],
  maxBlockSize: 50,
  blockWindow: 10,
  minComparedWeight: 8,
  jaroWinklerFloor: 0.7,
  thresholds: { review: 0.8, autoMerge: 0.95, fieldMatch: 0.85 },
};
