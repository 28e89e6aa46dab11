import { describe, expect, it } from 'vitest';
import { siteForHost, siteForSource } from './known-sites.ts';

const nameOf = (site: { name: string } | undefined) => site?.name;

describe('siteForHost', () => {
  it.each([
    ['google.com', 'google'],
    ['google.de', 'google'],
    ['google.co.jp', 'google'],
    ['gemini.google.com', 'gemini'],
    ['mail.google.com', 'gmail'],
    ['docs.google.com', undefined],
    ['m.facebook.com', 'facebook'],
    ['lm.facebook.com', 'facebook'],
    ['notfacebook.com', undefined],
    ['facebook.com.evil.io', undefined],
    ['uk.pinterest.com', 'pinterest'],
    ['mail.yandex.ru', 'yandex_mail'],
    ['yandex.com.tr', 'yandex'],
    ['webmail.ionos.de', 'webmail'],
    ['chatgpt.com', 'chatgpt'],
    ['acme.io', undefined],
  ])('%s → %s', (host, name) => {
    expect(nameOf(siteForHost(host))).toBe(name);
  });
});

describe('siteForSource', () => {
  it.each([
    ['google', 'google'],
    ['Google', 'google'],
    ['google_ads', 'google'],
    ['fb', 'facebook'],
    ['linkedin-sponsored', 'linkedin'],
    ['www.facebook.com', 'facebook'],
    ['perplexity.ai', 'perplexity'],
    ['meta_ai', 'meta_ai'],
    ['hs_email', 'email'],
    ['partner_x', undefined],
    ['expert', undefined],
  ])('%s → %s', (source, name) => {
    expect(nameOf(siteForSource(source))).toBe(name);
  });
});
