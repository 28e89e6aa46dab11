import { describe, expect, it } from 'vitest';
import { emailDomainType } from './email-domain.ts';

describe('emailDomainType', () => {
  it('recognizes a competitor’s domain and its subdomains, in any case', () => {
    expect(emailDomainType('a@rival.io', ['rival.io'])).toBe('competitor');
    expect(emailDomainType('a@EU.Rival.IO', ['rival.io'])).toBe('competitor');
    expect(emailDomainType('a@notrival.io', ['rival.io'])).toBe('business');
  });

  it('treats consumer and disposable mailboxes as free mail', () => {
    expect(emailDomainType('a@gmail.com', [])).toBe('free_mail');
    expect(emailDomainType('a@mailinator.com', [])).toBe('free_mail');
  });

  it('returns null without a usable address', () => {
    expect(emailDomainType(null, [])).toBeNull();
    expect(emailDomainType('not-an-email', [])).toBeNull();
    expect(emailDomainType('a@localhost', [])).toBeNull();
    expect(emailDomainType('@rival.io', ['rival.io'])).toBeNull();
  });

  it('reads the domain after the last @ of the trimmed address, as domainFromEmail does', () => {
    expect(emailDomainType(' "a@b"@Rival.io. ', ['rival.io'])).toBe('competitor');
    expect(emailDomainType('a@b@gmail.com', [])).toBe('free_mail');
    expect(emailDomainType('a@www.Acme.io', ['acme.io'])).toBe('competitor');
  });
});
