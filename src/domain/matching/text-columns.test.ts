import { describe, it, expect } from 'vitest';
import { perRecord, textColumns } from './text-columns.ts';

describe('textColumns', () => {
  const records = [
    { id: 'a', lastName: 'Smith', properties: { plan: 'pro' } },
    { id: 'b', lastName: ' Smith ' },
    { id: 'c', lastName: '', properties: { plan: 'free' } },
    { id: 'd', lastName: 'Jones', properties: { plan: 'pro' } },
  ];
  const columns = textColumns(records);

  it('numbers each distinct text of a field once, -1 where a record has none', () => {
    expect(columns('lastName')).toEqual({ texts: ['Smith', 'Jones'], textNumbers: Int32Array.from([0, 0, -1, 1]) });
    expect(columns('properties.plan')).toEqual({ texts: ['pro', 'free'], textNumbers: Int32Array.from([0, -1, 1, 0]) });
    expect(columns('lastName')).toBe(columns('lastName'));
  });

  it('derives per record from each distinct text once', () => {
    const seen: string[] = [];
    const lengths = perRecord(columns('lastName'), (text) => {
      seen.push(text);
      return text.length;
    });
    expect([...lengths]).toEqual([5, 5, -1, 5]);
    expect(seen).toEqual(['Smith', 'Jones']);
  });
});
