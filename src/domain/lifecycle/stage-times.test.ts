import { describe, expect, it } from 'vitest';
import { stageTimes } from './stage-times.ts';

const hour = 3_600_000;
const at = (hours: number): string => new Date(Date.UTC(2025, 0, 1) + hours * hour).toISOString();

describe('stageTimes', () => {
  it('gives first entry, last exit, latest and cumulative time per stage, a skipped stage lasting 0', () => {
    const now = new Date(at(100));
    const times = stageTimes(
      [
        { to: 'lead', enteredAt: at(0), exitedAt: at(10), skipped: false },
        { to: 'marketing_qualified', enteredAt: at(10), exitedAt: at(10), skipped: true },
        { to: 'sales_qualified', enteredAt: at(10), exitedAt: at(30), skipped: false },
        // recycled back to lead, then qualified again
        { to: 'lead', enteredAt: at(30), exitedAt: at(70), skipped: false },
        { to: 'marketing_qualified', enteredAt: at(70), exitedAt: null, skipped: false },
      ],
      now,
    );
    expect(times).toEqual([
      { stage: 'lead', firstEnteredAt: at(0), lastExitedAt: at(70), latestMs: 40 * hour, cumulativeMs: 50 * hour, visits: 2 },
      { stage: 'marketing_qualified', firstEnteredAt: at(10), lastExitedAt: at(10), latestMs: 30 * hour, cumulativeMs: 30 * hour, visits: 2 },
      { stage: 'sales_qualified', firstEnteredAt: at(10), lastExitedAt: at(30), latestMs: 20 * hour, cumulativeMs: 20 * hour, visits: 1 },
    ]);
  });

  it('reads history in any order', () => {
    const visits = [
      { to: 'lead', enteredAt: at(5), exitedAt: null, skipped: false },
      { to: 'lead', enteredAt: at(0), exitedAt: at(2), skipped: false },
    ];
    expect(stageTimes(visits, new Date(at(8)))).toEqual([
      { stage: 'lead', firstEnteredAt: at(0), lastExitedAt: at(2), latestMs: 3 * hour, cumulativeMs: 5 * hour, visits: 2 },
    ]);
  });

  it('is empty for a contact without history', () => {
    expect(stageTimes([], new Date(at(0)))).toEqual([]);
  });
});
