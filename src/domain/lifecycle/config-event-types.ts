import { filterEventTypes } from '../filter/filter-events.ts';
import type { Filter } from '../filter/filter.ts';
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
