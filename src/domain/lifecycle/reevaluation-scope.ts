// Which stages' entry criteria a configuration change can have opened to contacts who did not meet them
// before. Every contact was stepped under the configuration last applied to the workspace, so a contact that
// met an unchanged stage's criteria already moved there, or was held back by something that did not change
// either (required fields, an exit gate, a recycle): only the changed stages can move anyone new. The clock is
// the exception: criteria over relative time ("within the last 7 days", "more than 30 days ago") change their
// answer without any change of definition, so those stages are always in scope.

import { canonicalJson } from '../canonical-json.ts';
import { type FilterTree, isEventCondition, namesProperty, someLeaf } from '../filter/filter-tree.ts';
import type { EventCondition, PropertyCondition } from '../filter/filter.ts';
import type { LifecycleConfig, Stage } from './lifecycle-config.ts';
import { pathStages } from './path.ts';

const RELATIVE_OPS = new Set(['within_last', 'more_than_ago']);

const leafReadsClock = (leaf: PropertyCondition | EventCondition): boolean => {
  if (!isEventCondition(leaf)) return RELATIVE_OPS.has(leaf.op);
  if (leaf.within || (leaf.first && RELATIVE_OPS.has(leaf.first.op)) || (leaf.last && RELATIVE_OPS.has(leaf.last.op))) return true;
  return leaf.where !== undefined && readsClock(leaf.where);
};

/** Whether the filter's answer can change with the time alone. */
export const readsClock = (filter: FilterTree<PropertyCondition | EventCondition>): boolean => someLeaf(filter, leafReadsClock);

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/** Whether every contact must be rescored: the score rules differ from those last applied. */
export const scoringChanged = (applied: LifecycleConfig, current: LifecycleConfig): boolean => !same(applied.scoring, current.scoring);

/** What of the path decides where a step may go besides entry criteria: the stages, their order and kinds. */
const pathShape = (config: LifecycleConfig) =>
  config.stages
    .map((stage) => ({ id: stage.id, order: stage.order, offPath: stage.offPath, entryPoint: stage.entryPoint, exit: stage.exit }))
    .sort((a, b) => a.order - b.order);

/**
 * The stages whose entry criteria a re-evaluation must look at after `applied` gave way to `current`, or
 * `all`. A change to the path itself (stages, order, side doors, exit gates) or an exit gate over relative time
 * puts every stage in scope; a stage whose entry criteria changed, or read the clock, is in scope; a stage whose
 * required fields changed puts itself and every later stage in scope, since a jump past it needs them too.
 * With no configuration applied before, everything is in scope.
 */
export const reevaluationScope = (applied: LifecycleConfig | null, current: LifecycleConfig): 'all' | Set<string> => {
  if (applied === null || !same(pathShape(applied), pathShape(current))) return 'all';
  if (current.stages.some((stage) => stage.exit !== null && readsClock(stage.exit))) return 'all';
  const before = new Map(applied.stages.map((stage) => [stage.id, stage]));
  const scope = new Set<string>();
  const path = pathStages(current);
  const inScope = (stage: Stage, previous: Stage) => !same(stage.entry, previous.entry) || (stage.entry !== null && readsClock(stage.entry));
  for (const stage of current.stages) {
    const previous = before.get(stage.id)!;
    if (inScope(stage, previous)) scope.add(stage.id);
    if (!same([...stage.requiredFields].sort(), [...previous.requiredFields].sort())) {
      scope.add(stage.id);
      const at = path.findIndex((s) => s.id === stage.id);
      if (at >= 0) for (const later of path.slice(at + 1)) scope.add(later.id);
    }
  }
  return scope;
};

/**
 * Whether declaring a custom contact property, or removing its declaration, changes what the configuration
 * decides: some stage's entry or exit criteria or some fit rule name it, and now compare its values another way.
 */
export const configNamesProperty = (config: LifecycleConfig, property: string): boolean =>
  [...config.stages.flatMap((stage) => [stage.entry, stage.exit]), ...config.scoring.models.flatMap((model) => model.fit.map((rule) => rule.when))].some(
    (filter) => filter !== null && namesProperty(filter, property),
  );
