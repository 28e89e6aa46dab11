// Rule-based scoring: what a workspace configures (fit and engagement rules) and what scoring returns.
// Fit says who a contact is (properties, no decay); engagement says what they did (events, with decay).

import type { EventPropertyFilter, Filter, RelativeDuration } from '../filter/filter.ts';

export type ScoreKind = 'fit' | 'engagement';

/** Points for matching a property filter: a title, a country, a company size. Negative points allowed. */
export type FitRule = {
  id: string;
  label: string;
  when: Filter;
  points: number;
  group?: string;
};

/**
 * Points for events of one type, optionally narrowed by event properties.
 * - `once`: the rule counts a single event, the most recent matching one (so a contact who repeats the
 *   action is credited at its latest, least decayed, time).
 * - `repeatable`: every matching event counts.
 * `within` keeps only events inside the window before now; `maxPoints` caps the magnitude of the
 * rule's decayed sum (a positive number, so it bounds negative rules too).
 */
export type EngagementRule = {
  id: string;
  label: string;
  event: string;
  where?: EventPropertyFilter;
  points: number;
  mode: 'once' | 'repeatable';
  within?: RelativeDuration;
  maxPoints?: number;
  group?: string;
};

/** Caps the magnitude of the summed points of the rules naming it, within one score kind. */
export type ScoreGroup = { name: string; cap: number };

/**
 * Scores from the contact's email domain. A competitor's domain (or a subdomain of it) takes
 * `competitorPoints` (meant to be negative) instead of the business or free-mail points.
 */
export type EmailDomainScoring = {
  competitorDomains: string[];
  competitorPoints: number;
  businessPoints: number;
  freeMailPoints: number;
};

/**
 * Grade = fit letter + engagement digit, e.g. "A1".
 * Fit: A when fit >= fitA, B when fit >= fitB, else C.
 * Engagement: 1 (most engaged) when engagement >= engagement1, 2 when >= engagement2, else 3.
 */
export type GradeThresholds = {
  fitA: number;
  fitB: number;
  engagement1: number;
  engagement2: number;
};

export type ScoreModel = {
  name: string;
  fit: FitRule[];
  engagement: EngagementRule[];
  groups?: ScoreGroup[];
  emailDomain?: EmailDomainScoring;
  /** Engagement points halve every `halfLifeDays`; 0 or absent means no decay. */
  halfLifeDays?: number;
  grade: GradeThresholds;
};

/** Several named models per workspace; the primary one's scores go on the contact. */
export type ScoringConfig = {
  models: ScoreModel[];
  primary: string;
};

/**
 * One line of a score's explanation: points now, after decay and caps; `at` = event time, null for fit.
 * A rule line per matching event (one for a `once` rule); a capped rule or group keeps all its lines,
 * each scaled by the same factor. Built-in lines: `email_domain:<competitor|free_mail|business>` (fit)
 * and `recycle:carried_over` (engagement kept through the last recycle). Lines of a kind add up to
 * that score exactly; lines rounding to zero are left out.
 */
export type ScoreContribution = {
  rule: string;
  kind: ScoreKind;
  points: number;
  at: string | null;
};

export type ScoreResult = {
  fit: number;
  engagement: number;
  grade: string;
  explanation: ScoreContribution[];
};
