import { describe, it, expect } from 'vitest';
import { domainFromUrl, domainFromEmail } from './domain.ts';

describe('domainFromUrl', () => {
  it.each([
    ['https://www.Acme.com/about', 'acme.com'],
    ['acme.com', 'acme.com'],
    ['http://acme.co.uk:8080', 'acme.co.uk'],
    ['www.acme.com', 'acme.com'],
    ['  WWW.ACME.COM/  ', 'acme.com'],
    ['//acme.io/pricing?x=1#top', 'acme.io'],
    ['https://blog.acme.com', 'blog.acme.com'],
    ['https://www2.acme.de', 'acme.de'],
    ['acme.com.', 'acme.com'],
    ['https://xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
  ])('%j → %s', (raw, expected) => {
    expect(domainFromUrl(raw)).toBe(expected);
  });

  it.each([[''], ['n/a'], ['acme'], ['http://localhost:3000'], ['192.168.0.1'], ['john@acme.com'], ['ftp://acme.com'], ['not a url.com x']])(
    '%j → null',
    (raw) => {
      expect(domainFromUrl(raw)).toBeNull();
    },
  );
});

describe('domainFromEmail', () => {
  it.each([
    ['john@Acme.com', 'acme.com'],
    [' jane.doe@mail.acme.co.uk ', 'mail.acme.co.uk'],
    ['john@', null],
    ['acme.com', null],
    ['john@localhost', null],
  ])('%j → %s', (email, expected) => {
    expect(domainFromEmail(email)).toBe(expected);
  });
});
