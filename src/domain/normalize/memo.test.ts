import { describe, expect, it } from 'vitest';
import { classifyJobTitle } from './job-title.ts';
import { memoize, memoizeByTextPair } from './memo.ts';
import { normalizePhone } from './phone.ts';

describe('memoize', () => {
  it('computes each distinct key once, null and undefined results included', () => {
    const calls: string[] = [];
    const f = memoize((key: string) => (calls.push(key), key === 'none' ? null : key === 'nothing' ? undefined : key.length));
    expect([f('abc'), f('abc'), f('none'), f('none'), f('nothing'), f('nothing')]).toEqual([3, 3, null, null, undefined, undefined]);
    expect(calls).toEqual(['abc', 'none', 'nothing']);
  });

  it('holds at most its capacity and starts over when full', () => {
    const calls: string[] = [];
    const f = memoize((key: string) => (calls.push(key), key), 2);
    for (const key of ['a', 'b', 'c', 'a', 'c']) f(key);
    // 'c' found the cache full (a, b) and cleared it; 'a' was computed again, 'c' was still there.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('memoizeByTextPair', () => {
  it('computes each distinct kind and pair of texts once, however the texts would run together', () => {
    const calls: string[] = [];
    const f = memoizeByTextPair((key: string) => (calls.push(key), key));
    const call = (kind: number, first: string, second: string) => f(kind, first, second, `${kind}:${first}|${second}`);
    expect([call(0, 'ab', 'c'), call(0, 'a', 'bc'), call(0, 'ab', 'c'), call(1, 'ab', 'c'), call(0, '', 'abc'), call(0, 'abc', '')]).toEqual([
      '0:ab|c',
      '0:a|bc',
      '0:ab|c',
      '1:ab|c',
      '0:|abc',
      '0:abc|',
    ]);
    expect(calls).toEqual(['0:ab|c', '0:a|bc', '1:ab|c', '0:|abc', '0:abc|']);
  });

  it('holds at most its capacity of results and starts over when full', () => {
    const calls: string[] = [];
    const f = memoizeByTextPair((text: string) => (calls.push(text), text), 2);
    for (const text of ['a', 'b', 'c', 'a', 'c']) f(0, 'x', text, text);
    // As memoize: 'c' found it full (a, b) and cleared it; 'a' was computed again, 'c' was still there.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('remembered normalizers', () => {
  it('share one frozen result per distinct input', () => {
    expect(classifyJobTitle('VP Marketing')).toBe(classifyJobTitle('VP Marketing'));
    expect(Object.isFrozen(classifyJobTitle('VP Marketing'))).toBe(true);
    expect(normalizePhone('(415) 555-2671', 'US')).toBe(normalizePhone(' (415) 555-2671 ', 'us'));
    expect(Object.isFrozen(normalizePhone('(415) 555-2671', 'US'))).toBe(true);
  });

  it('keep the default country in the key of a national number, not of one with its + calling code', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ e164: '+442079460958', valid: true, country: 'GB' });
    expect(normalizePhone('020 7946 0958', 'US')).not.toEqual(normalizePhone('020 7946 0958', 'GB'));
    expect(normalizePhone('+44 20 7946 0958', 'US')).toBe(normalizePhone('+44 20 7946 0958', 'GB'));
    expect(normalizePhone('0044 20 7946 0958', 'FR')).toBe(normalizePhone('+44 20 7946 0958'));
  });
});
