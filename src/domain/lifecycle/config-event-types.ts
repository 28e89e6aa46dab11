import { filterEventTypes } from '../filter/filter-events.ts';
import type { Filter } from '../filter/filter.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';

/**
 * The event types the lifecycle step can ever look at under a configuration: those named by stage
 * criteria and score rules. Loading only these keeps a contact's state small however busy it is.
 */
export const configEventTypes = (config: LifecycleConfig): string[] => {
  const filters: Filter[] = [
    ...config.stages.flatMap((stage) => [stage.entry, stage.exit].filter((f): f is Filter => f !== null)),
    ...config.scoring.models.flatMap((model) => model.fit.map((rule) => rule.when)),
  ];
  const engagement = config.scoring.models.flatMap((model) => model.engagement.map((rule) => rule.event));
  return [...new Set([...filters.flatMap(filterEventTypes), ...engagement])].sort();
};
