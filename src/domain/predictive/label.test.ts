import { describe, expect, it } from 'vitest';
import { labelReachedStage } from './label.ts';

describe('labelReachedStage', () => {
  const createdAt = '2025-01-01T00:00:00.000Z';
  const transitions = [
    { to: 'lead', enteredAt: '2025-01-01T00:00:00.000Z' },
    { to: 'marketing_qualified', enteredAt: '2025-01-20T12:00:00.000Z' },
  ];

  it('is true when the stage was entered within the window', () => {
    expect(labelReachedStage(transitions, 'marketing_qualified', createdAt, 30)).toBe(true);
    expect(labelReachedStage(transitions, 'marketing_qualified', createdAt, 19.5)).toBe(true);
  });

  it('is false when the stage came too late or never', () => {
    expect(labelReachedStage(transitions, 'marketing_qualified', createdAt, 19)).toBe(false);
    expect(labelReachedStage(transitions, 'sales_qualified', createdAt, 365)).toBe(false);
    expect(labelReachedStage([], 'lead', createdAt, 365)).toBe(false);
  });
});
