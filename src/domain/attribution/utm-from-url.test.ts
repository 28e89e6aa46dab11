import { describe, expect, it } from 'vitest';
import { utmFromUrl } from './utm-from-url.ts';

describe('utmFromUrl', () => {
  it('reads UTM tags and click ids from the query string', () => {
    expect(
      utmFromUrl('https://acme.io/demo?utm_source=google&utm_medium=cpc&utm_campaign=brand&utm_term=crm&utm_content=ad1&gclid=Cj0&page=2'),
    ).toEqual({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand', utm_term: 'crm', utm_content: 'ad1', gclid: 'Cj0' });
  });

  it('decodes values and keeps their case', () => {
    expect(utmFromUrl('https://acme.io/?utm_campaign=Spring%20Sale+2025')).toEqual({ utm_campaign: 'Spring Sale 2025' });
  });

  it('matches parameter names case-insensitively', () => {
    expect(utmFromUrl('https://acme.io/?UTM_Source=Bing&ScCid=9&FBCLID=x')).toEqual({ utm_source: 'Bing', sccid: '9', fbclid: 'x' });
  });

  it('reads relative URLs and bare query strings', () => {
    expect(utmFromUrl('/pricing?utm_medium=email')).toEqual({ utm_medium: 'email' });
    expect(utmFromUrl('?li_fat_id=abc')).toEqual({ li_fat_id: 'abc' });
  });

  it('keeps the first non-empty value of a repeated parameter', () => {
    expect(utmFromUrl('https://acme.io/?utm_source=&utm_source=a&utm_source=b')).toEqual({ utm_source: 'a' });
  });

  it('falls back to tags in the fragment, never over the query string', () => {
    expect(utmFromUrl('https://acme.io/#utm_source=x&utm_medium=social')).toEqual({ utm_source: 'x', utm_medium: 'social' });
    expect(utmFromUrl('https://acme.io/?utm_source=q#utm_source=f')).toEqual({ utm_source: 'q' });
    expect(utmFromUrl('https://acme.io/docs#install')).toEqual({});
  });

  it('drops empty values and analytics placeholders', () => {
    expect(utmFromUrl('https://acme.io/?utm_source=%20&utm_medium=(none)&utm_campaign=(not%20set)')).toEqual({});
  });

  it('never throws on malformed input', () => {
    for (const bad of [null, undefined, '', 'http://%%%', '?%E0%A4%A', 'not a url at all', '??&&==#']) {
      expect(() => utmFromUrl(bad)).not.toThrow();
    }
    // Broken percent-encoding is decoded leniently rather than losing the tag.
    expect(utmFromUrl('?utm_source=%E0%A4%A').utm_source).toBe('\uFFFD%A');
  });
});
