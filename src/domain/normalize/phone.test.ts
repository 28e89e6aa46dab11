import { describe, it, expect } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-2671', 'US', { e164: '+14155552671', valid: true, country: 'US' }],
    ['415.555.2671', 'US', { e164: '+14155552671', valid: true, country: 'US' }],
    ['+1 415 555 2671', 'DE', { e164: '+14155552671', valid: true, country: 'US' }],
    ['020 7946 0958', 'GB', { e164: '+442079460958', valid: true, country: 'GB' }],
    ['0044 20 7946 0958', 'US', { e164: '+442079460958', valid: true, country: 'GB' }],
    ['+44 (0)20 7946 0958', undefined, { e164: '+442079460958', valid: true, country: 'GB' }],
    ['030 1234567', 'de', { e164: '+49301234567', valid: true, country: 'DE' }],
    ['+33 6 12 34 56 78', undefined, { e164: '+33612345678', valid: true, country: 'FR' }],
    ['(415) 555-2671 ext. 42', 'US', { e164: '+14155552671', valid: true, country: 'US' }],
    // Well-formed but in no assigned range: parsed, and reported invalid.
    ['+1 111 555 2671', undefined, { e164: '+11115552671', valid: false, country: null }],
  ])('%s (default %s)', (raw, country, expected) => {
    expect(normalizePhone(raw, country)).toEqual(expected);
  });

  it.each([['n/a'], [''], ['call me'], ['12']])('%j is not a phone number', (raw) => {
    expect(normalizePhone(raw, 'US')).toBeNull();
  });

  it('ignores an unknown default country rather than guessing', () => {
    expect(normalizePhone('415 555 2671', 'XX')).toBeNull();
  });
});
