import { describe, it, expect } from 'vitest';
import { normalizeEmail, emailMatchKey, isFreeMailDomain } from './email.ts';

describe('normalizeEmail', () => {
  it.each([
    ['  John.Doe@Acme.COM ', { email: 'john.doe@acme.com', valid: true, disposable: false, freeMail: false, domain: 'acme.com' }],
    ['Jane <JANE@gmail.com>', { email: 'jane@gmail.com', valid: true, disposable: false, freeMail: true, domain: 'gmail.com' }],
    ['mailto:sales@acme.io?subject=hi', { email: 'sales@acme.io', valid: true, disposable: false, freeMail: false, domain: 'acme.io' }],
    ['temp123@mailinator.com', { email: 'temp123@mailinator.com', valid: true, disposable: true, freeMail: false, domain: 'mailinator.com' }],
    ['john.doe@acme.com.', { email: 'john.doe@acme.com', valid: true, disposable: false, freeMail: false, domain: 'acme.com' }],
    [' MAILTO:Sales@Acme.io?', { email: 'sales@acme.io', valid: true, disposable: false, freeMail: false, domain: 'acme.io' }],
    ['"Doe, Jane" <jane@acme.com.> ', { email: 'jane@acme.com', valid: true, disposable: false, freeMail: false, domain: 'acme.com' }],
    ['sales@acme.io ?x=1', { email: 'sales@acme.io', valid: true, disposable: false, freeMail: false, domain: 'acme.io' }],
    ['a<b@acme.com', { email: 'a<b@acme.com', valid: false, disposable: false, freeMail: false, domain: null }],
    ['john@', { email: 'john@', valid: false, disposable: false, freeMail: false, domain: null }],
    ['john doe@acme.com', { email: 'john doe@acme.com', valid: false, disposable: false, freeMail: false, domain: null }],
    ['n/a', { email: 'n/a', valid: false, disposable: false, freeMail: false, domain: null }],
    ['', { email: '', valid: false, disposable: false, freeMail: false, domain: null }],
  ])('%j', (raw, expected) => {
    expect(normalizeEmail(raw)).toEqual(expected);
  });
});

describe('isFreeMailDomain', () => {
  it.each([
    ['gmail.com', true], ['GoogleMail.com', true], ['yahoo.co.uk', true], ['outlook.com', true], ['icloud.com', true],
    ['proton.me', true], ['gmx.de', true], ['yandex.ru', true], ['mail.ru', true], ['acme.com', false], ['google.com', false],
  ])('%s → %s', (domain, expected) => {
    expect(isFreeMailDomain(domain)).toBe(expected);
  });
});

describe('emailMatchKey', () => {
  it.each([
    ['john.doe+x@googlemail.com', 'johndoe@gmail.com'],
    ['J.O.H.N.DOE@Gmail.com', 'johndoe@gmail.com'],
    ['john+news@outlook.com', 'john@outlook.com'],
    ['jane+crm@icloud.com', 'jane@icloud.com'],
    // Dots are significant outside Gmail, and a company server's +tag may be a real mailbox name.
    ['john.doe@outlook.com', 'john.doe@outlook.com'],
    ['john.doe+x@acme.com', 'john.doe+x@acme.com'],
    [' John.Doe@Acme.com ', 'john.doe@acme.com'],
    ['not an email', null],
    ['john@localhost', null],
  ])('%s → %s', (raw, expected) => {
    expect(emailMatchKey(raw)).toBe(expected);
  });
});
