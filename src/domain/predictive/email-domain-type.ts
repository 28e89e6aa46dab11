// Whether a contact wrote from a business address, a free mailbox or a throwaway one.

import mailchecker from 'mailchecker';
import { isFreeMailDomain } from '../normalize/email.ts';

export const EMAIL_DOMAIN_TYPES = ['business', 'free', 'disposable', 'none'] as const;
export type EmailDomainType = (typeof EMAIL_DOMAIN_TYPES)[number];

export const emailDomainType = (email: string | null): EmailDomainType => {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email === null || at < 0) return 'none';
  const domain = email.slice(at + 1).trim().toLowerCase();
  if (domain === '') return 'none';
  if (isFreeMailDomain(domain)) return 'free';
  if (mailchecker.blacklist().has(domain)) return 'disposable';
  return 'business';
};
