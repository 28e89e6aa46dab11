// The field values of a merged contact. Default rule: a value one record has and the other lacks is
// kept; where both have one, the more recently updated record's wins. The original source comes from
// the earlier-created record (it was there first); the stage is the further one on the path.

import type { StoredRecord } from '../../store/records.ts';

const FOLLOW_NEWEST = ['email', 'firstName', 'lastName', 'phone', 'jobTitle', 'country', 'city', 'companyId', 'ownerId', 'leadStatus', 'customerStatus', 'latestSource'] as const;

const isEmpty = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

const time = (value: unknown): number => (typeof value === 'string' ? Date.parse(value) : 0);

/** Stage rank: its order on the path; off-path stages (`other`) rank below every stage on it. */
export type StageRank = (stage: string | null) => number;

export const mergedValues = (survivor: StoredRecord, loser: StoredRecord, rank: StageRank): Record<string, unknown> => {
  const [older, newer] = time(survivor.updatedAt) <= time(loser.updatedAt) ? [survivor, loser] : [loser, survivor];
  const [earlier, later] = time(survivor.createdAt) <= time(loser.createdAt) ? [survivor, loser] : [loser, survivor];
  const values: Record<string, unknown> = {};
  for (const field of FOLLOW_NEWEST) values[field] = isEmpty(newer[field]) ? (older[field] ?? null) : newer[field];
  values.originalSource = earlier.originalSource ?? later.originalSource ?? null;
  const staged = rank((loser.lifecycleStage as string | null) ?? null) > rank((survivor.lifecycleStage as string | null) ?? null) ? loser : survivor;
  values.lifecycleStage = staged.lifecycleStage ?? null;
  values.stageEnteredAt = staged.stageEnteredAt ?? null;
  const props = (r: StoredRecord) => Object.fromEntries(Object.entries((r.properties as Record<string, unknown>) ?? {}).filter(([, v]) => !isEmpty(v)));
  values.properties = { ...props(older), ...props(newer) };
  values.fitScore = Math.max(Number(survivor.fitScore ?? 0), Number(loser.fitScore ?? 0));
  values.engagementScore = Math.max(Number(survivor.engagementScore ?? 0), Number(loser.engagementScore ?? 0));
  values.createdAt = earlier.createdAt;
  return values;
};
