import { describe, it, expect } from 'vitest';
import { normalizeContact } from './normalize-contact.ts';

describe('normalizeContact', () => {
  it('normalizes every field of a messy but valid row', () => {
    const { contact, problems } = normalizeContact(
      {
        email: ' JOHN.DOE@Acme.com ',
        phone: '(415) 555-2671',
        firstName: 'JOHN',
        lastName: "o'brien",
        country: 'U.S.A.',
        city: '  San   Francisco ',
        jobTitle: 'VP  of Sales',
        website: 'https://www.Acme.com/about',
        leadSource: 'webinar',
      },
      'GB',
    );
    expect(problems).toEqual([]);
    expect(contact).toEqual({
      email: 'john.doe@acme.com',
      phone: '+14155552671',
      firstName: 'John',
      lastName: "O'Brien",
      country: 'US',
      city: 'San Francisco',
      jobTitle: 'VP of Sales',
      website: 'acme.com',
      emailDomain: 'acme.com',
      freeMail: false,
      disposableEmail: false,
      companyDomain: 'acme.com',
      seniority: 'vp',
      department: 'sales',
      leadSource: 'webinar',
    });
  });

  it('parses a national phone number in the country of the contact, then the default', () => {
    expect(normalizeContact({ phone: '030 1234567', country: 'Germany' }, 'US').contact.phone).toBe('+49301234567');
    expect(normalizeContact({ phone: '020 7946 0958' }, 'GB').contact.phone).toBe('+442079460958');
  });

  it('takes a missing country from the phone number', () => {
    expect(normalizeContact({ phone: '+33 6 12 34 56 78' }).contact.country).toBe('FR');
  });

  it('splits a full name when first and last name are missing', () => {
    const { contact } = normalizeContact({ fullName: 'SMITH, JANE' });
    expect([contact.firstName, contact.lastName]).toEqual(['Jane', 'Smith']);
    expect(contact).not.toHaveProperty('fullName');
  });

  it('takes the company domain from a work email, never from a free-mail one', () => {
    expect(normalizeContact({ email: 'ann@globex.io' }).contact.companyDomain).toBe('globex.io');
    expect(normalizeContact({ email: 'ann@gmail.com' }).contact).toMatchObject({ companyDomain: null, freeMail: true });
  });

  it('nulls unusable values and lists each with the raw value, so the row can be refused or quarantined', () => {
    const { contact, problems } = normalizeContact({
      email: 'john@',
      phone: 'call me',
      country: 'Atlantis',
      website: 'n/a',
      firstName: 'john',
    });
    expect(contact).toMatchObject({ email: null, phone: null, country: null, website: null, firstName: 'John' });
    expect(problems).toEqual([
      { field: 'email', message: '"john@" is not a valid email address', severity: 'error' },
      { field: 'country', message: '"Atlantis" is not a known country', severity: 'error' },
      { field: 'phone', message: '"call me" is not a valid phone number', severity: 'error' },
      { field: 'website', message: '"n/a" is not a web address', severity: 'error' },
    ]);
  });

  it('keeps a disposable address but warns about it', () => {
    const { contact, problems } = normalizeContact({ email: 'x@mailinator.com' });
    expect(contact).toMatchObject({ email: 'x@mailinator.com', disposableEmail: true, companyDomain: null });
    expect(problems).toEqual([{ field: 'email', message: '"x@mailinator.com" is a disposable address', severity: 'warning' }]);
  });

  it('treats blank strings as missing, not as errors', () => {
    const { contact, problems } = normalizeContact({ email: '  ', phone: '', country: ' ' });
    expect(problems).toEqual([]);
    expect(contact).toMatchObject({ email: null, phone: null, country: null });
  });
});
