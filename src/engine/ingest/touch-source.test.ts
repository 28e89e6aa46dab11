import { describe, expect, it } from 'vitest';
import { classifySource } from '../../domain/attribution/classify-source.ts';
import { touchSource } from './touch-source.ts';

const at = '2025-03-01T10:00:00.000Z';

describe('touchSource', () => {
  it('classifies every paid click as its own URL would, whatever its click id', () => {
    const urls = [
      'https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=abc123',
      'https://acme.io/?utm_campaign=spring&gclid=Zz-9_x.1',
      'https://acme.io/pricing?msclkid=77&x=1',
      'https://acme.io/#gclid=frag1',
      'https://acme.io/?gclid=(not%20set)',
      'https://acme.io/?gclid=',
      'https://acme.io/?gclid=a+b',
      'https://acme.io/?fbclid=IwAR0',
      'https://acme.io/?GCLID=upper',
    ];
    for (const url of [...urls, ...urls.map((u) => u.replace(/(clid|CLID)=[^&#]*/, '$1=other-value'))]) {
      expect(touchSource('page_view', { url }, at)).toEqual({ ...classifySource({ url, referrer: null, offline: false }, ''), at });
    }
    expect(touchSource('page_view', { url: 'https://acme.io/?gclid=(not set)' }, at)!.channel).toBe('direct');
    expect(touchSource('page_view', { url: 'https://acme.io/?gclid=abc' }, at)!.channel).toBe('paid_search');
  });

  it('reads click ids sent as properties alike', () => {
    expect(touchSource('page_view', { url: 'https://acme.io/', li_fat_id: 'li-1' }, at)!.channel).toBe('paid_social');
    expect(touchSource('page_view', { url: 'https://acme.io/', li_fat_id: '  ' }, at)!.channel).toBe('direct');
    expect(touchSource('page_view', { url: 'https://acme.io/', li_fat_id: 'li-2' }, at)).toEqual(touchSource('page_view', { url: 'https://acme.io/', li_fat_id: 'li-1' }, at));
  });

  it('classifies untagged touches by their own URL and referrer, remembered or not', () => {
    const urls = [null, 'https://acme.io/pricing', 'https://acme.io/blog/post-1', 'https://acme.io/?ref=x', '', 'https://acme.io/?GCLID=upper'];
    const referrers = [null, 'https://www.google.com/', 'https://www.linkedin.com/feed/', 'https://chatgpt.com/', '', 'https://acme.io/'];
    for (let round = 0; round < 2; round++) {
      for (const url of urls) {
        for (const referrer of referrers) {
          for (const type of ['page_view', 'email_clicked', 'note_added']) {
            for (const offline of [false, true]) {
              const properties = { ...(url === null ? {} : { url }), ...(referrer === null ? {} : { referrer }), ...(offline ? { offline } : {}) };
              const tracked = url !== null || referrer !== null || offline;
              const input = { url, referrer, offline, ...(type === 'email_clicked' ? { utm_medium: 'email' } : {}) };
              const expected = !tracked && type === 'note_added' ? null : { ...classifySource(tracked ? input : type === 'email_clicked' ? { utm_medium: 'email' } : {}, ''), at };
              expect(touchSource(type, properties, at), `${type} ${url} ${referrer} ${offline}`).toEqual(expected);
            }
          }
        }
      }
    }
  });
});
