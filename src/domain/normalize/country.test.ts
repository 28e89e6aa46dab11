import { describe, it, expect } from 'vitest';
import { normalizeCountry } from './country.ts';

describe('normalizeCountry', () => {
  it.each([
    ['US', 'US'], ['us', 'US'], ['USA', 'US'], ['U.S.', 'US'], ['U.S.A.', 'US'], ['United States', 'US'],
    ['united states of america', 'US'], ['America', 'US'],
    ['UK', 'GB'], ['U.K.', 'GB'], ['Great Britain', 'GB'], ['England', 'GB'], ['Scotland', 'GB'], ['GBR', 'GB'],
    ['Germany', 'DE'], ['Deutschland', 'DE'], ['DEU', 'DE'], ['Allemagne', 'DE'],
    ['Holland', 'NL'], ['The Netherlands', 'NL'], ['Nederland', 'NL'],
    ['España', 'ES'], ['Espana', 'ES'], ['Spanien', 'ES'],
    ["Côte d'Ivoire", 'CI'], ['Ivory Coast', 'CI'],
    ['South Korea', 'KR'], ['Russia', 'RU'], ['Czech Republic', 'CZ'], ['UAE', 'AE'], ['Schweiz', 'CH'],
    ['  france ', 'FR'], ['Italia', 'IT'], ['Brasil', 'BR'], ['Sverige', 'SE'],
  ])('%j → %s', (raw, expected) => {
    expect(normalizeCountry(raw)).toBe(expected);
  });

  it.each([[''], ['XX'], ['Atlantis'], ['N/A'], ['123']])('%j is not a country', (raw) => {
    expect(normalizeCountry(raw)).toBeNull();
  });
});
