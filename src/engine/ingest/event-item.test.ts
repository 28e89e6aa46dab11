import { describe, expect, it } from 'vitest';
import { isRejection, parseEventItem } from './event-item.ts';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const timeOf = (occurredAt: unknown) => {
  const parsed = parseEventItem({ type: 'page_view', occurredAt, contact: { anonymousId: 'v-1' } }, 0, NOW);
  return isRejection(parsed) ? { rejected: parsed.reason } : { at: parsed.occurredAt };
};

describe('parseEventItem: occurredAt', () => {
  it('keeps a time written as toISOString writes it, and writes any other ISO 8601 time that way', () => {
    expect(timeOf('2025-05-31T08:15:30.250Z')).toEqual({ at: '2025-05-31T08:15:30.250Z' });
    expect(timeOf('2025-05-31T10:15:30+02:00')).toEqual({ at: '2025-05-31T08:15:30.000Z' });
    expect(timeOf('2025-05-31T08:15:30Z')).toEqual({ at: '2025-05-31T08:15:30.000Z' });
    expect(timeOf(undefined)).toEqual({ at: NOW.toISOString() });
  });

  it('refuses a time more than a day ahead however it is written, and anything that is no time', () => {
    const ahead = 'occurredAt is more than a day in the future';
    expect(timeOf('2025-06-02T12:00:00.001Z')).toEqual({ rejected: ahead });
    expect(timeOf('2025-06-02T14:00:00.001+02:00')).toEqual({ rejected: ahead });
    expect(timeOf('2025-06-02T12:00:00.000Z')).toEqual({ at: '2025-06-02T12:00:00.000Z' });
    for (const bad of ['yesterday', '2025-13-01T00:00:00.000Z', 1_748_779_200_000]) {
      expect(timeOf(bad)).toEqual({ rejected: 'occurredAt must be an ISO 8601 date-time' });
    }
  });
});
