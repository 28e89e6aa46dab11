import { describe, expect, it } from 'vitest';
import { hostOf, isSameSite } from './parse-url.ts';

describe('hostOf', () => {
  it.each([
    ['https://www.Google.co.uk./search?q=x', 'google.co.uk'],
    ['http://blog.example.org:8080/a', 'blog.example.org'],
    ['//cdn.example.com/x', 'cdn.example.com'],
    ['example.com/pricing', 'example.com'],
    ['android-app://com.Google.android.gm/', 'com.google.android.gm'],
    ['https://www2.example.com', 'www2.example.com'],
    ['null', null],
    ['undefined', null],
    ['not a url', null],
    ['http://', null],
    ['', null],
    [null, null],
  ])('%s → %s', (raw, host) => {
    expect(hostOf(raw)).toBe(host);
  });
});

describe('isSameSite', () => {
  it('is the domain or a subdomain of it, not a look-alike', () => {
    expect(isSameSite('acme.io', 'acme.io')).toBe(true);
    expect(isSameSite('app.acme.io', 'acme.io')).toBe(true);
    expect(isSameSite('notacme.io', 'acme.io')).toBe(false);
    expect(isSameSite('acme.io.evil.com', 'acme.io')).toBe(false);
  });
});
