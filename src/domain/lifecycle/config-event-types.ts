import { filterEventTypes } from '../filter/filter-events.ts';
import type { Filter, PropertyCondition } from '../filter/filter.ts';
import { someLeaf } from '../filter/filter-tree.ts';
import { primaryModel } from '../scoring/score.ts';
import type { EngagementRule } from '../scoring/scoring-model.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';

const typesOf = (filters: readonly Filter[], more: readonly string[] = []): string[] =>
  [...new Set([...filters.flatMap(filterEventTypes), ...more])].sort();

const stageFilters = (config: LifecycleConfig): Filter[] =>
  config.stages.flatMap((stage) => [stage.entry, stage.exit].filter((f): f is Filter => f !== null));

/**
 * The event types the lifecycle step can ever look at under a configuration: those named by stage
 * criteria and score rules. Loading only these keeps a contact's state small however busy it is.
 */
export const configEventTypes = (config: LifecycleConfig): string[] =>
  typesOf(
    [...stageFilters(config), ...config.scoring.models.flatMap((model) => model.fit.map((rule) => rule.when))],
    config.scoring.models.flatMap((model) => model.engagement.map((rule) => rule.event)),
  );

/** The event types stage criteria name: all a step needs when its scores are computed elsewhere (bulk rescoring). */
export const criteriaEventTypes = (config: LifecycleConfig): string[] => typesOf(stageFilters(config));

/** A rule counts an event alike whenever it is evaluated: no window, and no time relative to now in its `where`. */
const countsAlikeAtAnyTime = (rule: EngagementRule): boolean =>
  rule.within === undefined && (rule.where === undefined || !someLeaf<PropertyCondition>(rule.where, (leaf) => leaf.op === 'within_last' || leaf.op === 'more_than_ago'));

/**
 * The event types whose stored events a step may take summed (EngagementSummary) rather than one by one: those only
 * the primary model's engagement rules look at (no stage criterion and no fit rule names them), when every rule of the
 * type counts an event alike at whatever time the step evaluates it.
 */
export const summarizableEventTypes = (config: LifecycleConfig): string[] => {
  const named = new Set(typesOf([...stageFilters(config), ...config.scoring.models.flatMap((model) => model.fit.map((rule) => rule.when))]));
  const { engagement } = primaryModel(config.scoring);
  const unfit = new Set(engagement.filter((rule) => !countsAlikeAtAnyTime(rule)).map((rule) => rule.event));
  return [...new Set(engagement.map((rule) => rule.event))].filter((type) => !named.has(type) && !unfit.has(type)).sort();
};
