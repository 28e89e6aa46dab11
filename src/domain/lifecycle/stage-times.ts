// Dates and durations per stage, from a contact's transition history: the figures behind "date
// entered", "time in stage" and velocity. A stage may be visited several times (after a recycle).

import type { Transition } from './transition.ts';

export type StageVisit = Pick<Transition, 'to' | 'enteredAt' | 'exitedAt' | 'skipped'>;

export type StageTimes = {
  stage: string;
  firstEnteredAt: string;
  /** Null while the contact has never left the stage. */
  lastExitedAt: string | null;
  /** Length of the most recent visit, up to now when it is still open. */
  latestMs: number;
  /** All visits together; a skipped visit lasts 0. */
  cumulativeMs: number;
  visits: number;
};

const visitMs = (visit: StageVisit, now: Date): number =>
  Math.max(0, (visit.exitedAt === null ? now.getTime() : Date.parse(visit.exitedAt)) - Date.parse(visit.enteredAt));

const later = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null ? a : Date.parse(b) > Date.parse(a) ? b : a;

/** One entry per stage ever entered, in order of first entry. */
export const stageTimes = (visits: readonly StageVisit[], now: Date): StageTimes[] => {
  const chronological = [...visits].sort((a, b) => Date.parse(a.enteredAt) - Date.parse(b.enteredAt));
  const byStage = new Map<string, StageTimes>();
  for (const visit of chronological) {
    const ms = visitMs(visit, now);
    const known = byStage.get(visit.to);
    byStage.set(
      visit.to,
      known === undefined
        ? { stage: visit.to, firstEnteredAt: visit.enteredAt, lastExitedAt: visit.exitedAt, latestMs: ms, cumulativeMs: ms, visits: 1 }
        : {
            ...known,
            lastExitedAt: later(known.lastExitedAt, visit.exitedAt),
            latestMs: ms,
            cumulativeMs: known.cumulativeMs + ms,
            visits: known.visits + 1,
          },
    );
  }
  return [...byStage.values()];
};
