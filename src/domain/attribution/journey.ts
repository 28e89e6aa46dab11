// One converting journey: what an attribution model credits.

/** A touch as the models need it; a classified SourceTouch is one. */
export type AttributionTouch = { at: string; channel: string; campaign: string | null };

/**
 * Indices into `touches` of the touches that created the lead, the opportunity and the closed deal
 * (the last touch at or before each milestone). A milestone not given, not reached or not known
 * defaults to the last touch, the one nearest the conversion being credited: U-shaped without a
 * lead index is then the familiar 40/40/20 first/last "position based" split.
 */
export type Milestones = { lead?: number | null; opportunity?: number | null; close?: number | null };

/**
 * `count`: credits are fractions of the value (1 MQL split 0.4/0.2/0.4).
 * `minor_units`: the value is money in integer minor units; credits are integers too.
 */
export type ValueUnit = 'count' | 'minor_units';

export type Journey<T extends AttributionTouch = AttributionTouch> = {
  /** Oldest first, all at or before `conversionAt`. */
  touches: readonly T[];
  milestones?: Milestones;
  conversionAt: string;
  value: number;
  unit?: ValueUnit;
};
