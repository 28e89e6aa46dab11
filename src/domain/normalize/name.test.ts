import { describe, it, expect } from 'vitest';
import { normalizePersonName, splitFullName } from './name.ts';

describe('normalizePersonName', () => {
  it.each([
    ['JOHN', 'John'],
    ['john', 'John'],
    ['  mary   ann  ', 'Mary Ann'],
    ["O'BRIEN", "O'Brien"],
    ["o’neil", "O'Neil"],
    ['mcdonald', 'McDonald'],
    ['MACDONALD', 'Macdonald'],
    ['jean-luc', 'Jean-Luc'],
    ['JEAN - LUC', 'Jean-Luc'],
    ['ludwig van beethoven', 'Ludwig van Beethoven'],
    ['ANNA DE LA CRUZ', 'Anna de la Cruz'],
    ['van der berg', 'Van der Berg'],
    // A particle that ends the name is a surname of its own.
    ['THANH LE', 'Thanh Le'],
    ['JOSÉ ÁLVAREZ', 'José Álvarez'],
    // Mixed case is the person's own spelling and is kept.
    ['McDonald', 'McDonald'],
    ['van der Berg', 'van der Berg'],
    ['DeShawn', 'DeShawn'],
    ['MacArthur', 'MacArthur'],
    ['  Anne-Marie  ', 'Anne-Marie'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePersonName(raw)).toBe(expected);
  });
});

describe('splitFullName', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['JOHN SMITH', 'John', 'Smith'],
    ['Smith, John', 'John', 'Smith'],
    ['Mary Ann Smith', 'Mary Ann', 'Smith'],
    ['Dr. Jane Doe', 'Jane', 'Doe'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['anna de la cruz', 'Anna', 'de la Cruz'],
    ['Martin Luther King Jr.', 'Martin Luther', 'King Jr.'],
    ['Jean-Luc Picard', 'Jean-Luc', 'Picard'],
    ['Madonna', 'Madonna', null],
    ['   ', null, null],
  ])('%j → %j / %j', (full, firstName, lastName) => {
    expect(splitFullName(full)).toEqual({ firstName, lastName });
  });
});
