import { describe, it, expect } from 'vitest';
import {
  emailParts, emailSimilarity, foldCityName, foldCompanyName, foldText, phoneDigits, phoneSimilarity,
  phoneticCodes, phoneticSimilarity, stretchedJaroWinkler,
} from './similarity.ts';

describe('foldText', () => {
  it.each([['  José  Álvarez ', 'jose alvarez'], ["O'Brien", 'obrien'], ['Jean-Luc', 'jean luc'], ['MÜLLER', 'muller']])('%j → %j', (raw, folded) => {
    expect(foldText(raw)).toBe(folded);
  });
});

describe('stretchedJaroWinkler', () => {
  it('gives unrelated names nothing and keeps near-identical ones high', () => {
    expect(stretchedJaroWinkler('patricia', 'paul', 0.7)).toBe(0);
    expect(stretchedJaroWinkler('jennifer', 'jennfer', 0.7)).toBeGreaterThan(0.9);
    expect(stretchedJaroWinkler('smith', 'smith', 0.7)).toBe(1);
  });
});

describe('phonetic keys', () => {
  it.each([
    ['Smith', 'Schmidt', 1],
    ['Catherine', 'Kathryn', 1],
    ['Stephen', 'Steven', 1],
    ['Smith', 'Jones', 0],
    ['', 'Jones', 0],
  ])('%s / %s → %d', (a, b, expected) => {
    expect(phoneticSimilarity(phoneticCodes(a), phoneticCodes(b))).toBe(expected);
  });
});

describe('emailSimilarity', () => {
  const sim = (a: string, b: string) => {
    const x = emailParts(a);
    const y = emailParts(b);
    return x === null || y === null ? undefined : emailSimilarity(x, y);
  };
  it.each([
    ['john.doe+x@googlemail.com', 'johndoe@gmail.com', 1],
    ['John@Acme.com', 'john@acme.com', 1],
    // Another mailbox at the same company is another person.
    ['jsmith@acme.com', 'jsmith2@acme.com', 0],
    // A work and a personal address, or two free ones, neither agree nor disagree.
    ['john.smith@acme.com', 'john.smith@gmail.com', null],
    ['garyford08@hotmail.com', 'garyford80@hotmail.com', null],
  ])('%s / %s → %s', (a, b, expected) => {
    expect(sim(a, b)).toBe(expected);
  });
});

describe('phoneSimilarity', () => {
  const sim = (a: string, b: string) => phoneSimilarity(phoneDigits(a), phoneDigits(b));
  it.each([
    ['+1 415 555 0132', '(415) 555-0132', 1],
    ['+44 20 7946 0958', '020 7946 0958', 1],
    ['0044 20 7946 0958', '+442079460958', 1],
    ['+1 415 555 0132', '+1 650 555 0132', 0.8],
    ['+1 415 555 0132', '+1 415 555 0199', 0],
    ['12345', '12345', 0],
  ])('%s / %s → %d', (a, b, expected) => {
    expect(sim(a, b)).toBe(expected);
  });
});

describe('company and city folding', () => {
  it.each([['The Acme Corp.', 'acme'], ['ACME, Inc', 'acme'], ['Smith & Sons Ltd', 'smith and sons'], ['Group', 'group']])('%j → %j', (raw, folded) => {
    expect(foldCompanyName(raw)).toBe(folded);
  });
  it.each([['St. Louis', 'saint louis'], ['Saint Louis', 'saint louis'], ['Ft. Worth', 'fort worth'], ['München', 'munchen']])('%j → %j', (raw, folded) => {
    expect(foldCityName(raw)).toBe(folded);
  });
});
