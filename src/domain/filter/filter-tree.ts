// Filters and event `where` filters share one shape of all/any/not groups over leaves; one fold walks both,
// so every consumer (predicate, SQL, event needs) treats the groups identically.

import type { EventCondition, PropertyCondition } from './filter.ts';

export type FilterTree<Leaf> = { all: FilterTree<Leaf>[] } | { any: FilterTree<Leaf>[] } | { not: FilterTree<Leaf> } | Leaf;

export type TreeFold<Leaf, Result> = {
  all: (parts: Result[]) => Result;
  any: (parts: Result[]) => Result;
  not: (part: Result) => Result;
  leaf: (leaf: Leaf) => Result;
};

// Leaves never carry an `all`, `any` or `not` key (the schema rejects unknown keys), so the key decides.
export const foldTree = <Leaf extends object, Result>(tree: FilterTree<Leaf>, fold: TreeFold<Leaf, Result>): Result => {
  if ('all' in tree) return fold.all((tree.all as FilterTree<Leaf>[]).map((part) => foldTree(part, fold)));
  if ('any' in tree) return fold.any((tree.any as FilterTree<Leaf>[]).map((part) => foldTree(part, fold)));
  if ('not' in tree) return fold.not(foldTree(tree.not as FilterTree<Leaf>, fold));
  return fold.leaf(tree);
};

export const isEventCondition = (leaf: PropertyCondition | EventCondition): leaf is EventCondition => 'event' in leaf;

/** Whether some leaf of the tree passes `test`, under any grouping or negation. */
export const someLeaf = <Leaf extends object>(tree: FilterTree<Leaf>, test: (leaf: Leaf) => boolean): boolean =>
  foldTree<Leaf, boolean>(tree, { all: (parts) => parts.some(Boolean), any: (parts) => parts.some(Boolean), not: (part) => part, leaf: test });

/** Whether some property condition of the filter names `property` (an event's `where` names the event's own). */
export const namesProperty = (filter: FilterTree<PropertyCondition | EventCondition>, property: string): boolean =>
  someLeaf(filter, (leaf) => !isEventCondition(leaf) && leaf.property === property);
