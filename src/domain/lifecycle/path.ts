// The path: the on-path stages in order of progress. Every rule of movement compares positions on it.

import type { LifecycleConfig, Stage } from './lifecycle-config.ts';

// Every step asks for the path several times: it is worked out once per configuration object.
const paths = new WeakMap<LifecycleConfig, readonly Stage[]>();

/** On-path stages, first to last. */
export const pathStages = (config: LifecycleConfig): readonly Stage[] => {
  let path = paths.get(config);
  if (path === undefined) {
    path = Object.freeze(config.stages.filter((stage) => !stage.offPath).sort((a, b) => a.order - b.order));
    paths.set(config, path);
  }
  return path;
};

export const findStage = (config: LifecycleConfig, id: string | null): Stage | null =>
  id === null ? null : (config.stages.find((stage) => stage.id === id) ?? null);

/** The stage's position on the path, or -1 for no stage, an off-path stage or an unknown id. */
export const pathIndex = (config: LifecycleConfig, id: string | null): number =>
  id === null ? -1 : pathStages(config).findIndex((stage) => stage.id === id);

/** On-path stages strictly between two positions, in order: the ones a jump skips. */
export const stagesBetween = (config: LifecycleConfig, fromIndex: number, toIndex: number): Stage[] =>
  pathStages(config).slice(fromIndex + 1, toIndex);

/** A customer stage: on the path at or after the customer milestone (customer, evangelist). */
export const isCustomerStage = (config: LifecycleConfig, id: string | null): boolean => {
  const index = pathIndex(config, id);
  return index >= 0 && index >= pathIndex(config, config.milestones.customer);
};

/** A stage sales may recycle from: on the path after the recycle target, and not a customer stage. */
export const isRecyclableStage = (config: LifecycleConfig, id: string | null): boolean =>
  pathIndex(config, id) > pathIndex(config, config.recycle.targetStage) && !isCustomerStage(config, id);
