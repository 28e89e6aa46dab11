import { describe, expect, it } from 'vitest';
import { config } from './lifecycle-fixture.ts';
import { qualifyingFromHistory } from './lifecycle-state.ts';
import type { Transition } from './transition.ts';

const row = (from: string | null, to: string, enteredAt: string, skipped = false): Transition => ({
  from,
  to,
  enteredAt,
  exitedAt: null,
  skipped,
  cause: { kind: 'property_change' },
  reason: null,
});

describe('qualifyingFromHistory', () => {
  it('is the entry time of the latest backward move', () => {
    const history = [
      row(null, 'lead', '2025-01-01T00:00:00.000Z'),
      row('lead', 'sales_qualified', '2025-01-02T00:00:00.000Z'),
      row('sales_qualified', 'lead', '2025-01-03T00:00:00.000Z'),
      row('lead', 'sales_qualified', '2025-01-04T00:00:00.000Z'),
      row('sales_qualified', 'lead', '2025-01-05T00:00:00.000Z'),
      row('lead', 'marketing_qualified', '2025-01-06T00:00:00.000Z'),
    ];
    expect(qualifyingFromHistory(history, config)).toBe('2025-01-05T00:00:00.000Z');
  });

  it('is null for a contact that only moved forward or on and off the path', () => {
    const history = [
      row(null, 'subscriber', '2025-01-01T00:00:00.000Z', true),
      row('subscriber', 'lead', '2025-01-01T00:00:00.000Z'),
      row('lead', 'other', '2025-01-02T00:00:00.000Z'),
      row('other', 'subscriber', '2025-01-03T00:00:00.000Z'),
    ];
    expect(qualifyingFromHistory(history, config)).toBeNull();
  });
});
