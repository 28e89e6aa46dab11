// Classifies a contact's email domain for fit scoring: a competitor, a free or disposable mailbox,
// or a business address.

import mailchecker from 'mailchecker';
import { domainFromEmail } from '../normalize/domain.ts';
import { FREE_MAIL_DOMAINS } from '../normalize/free-mail-domains.ts';

export type EmailDomainType = 'competitor' | 'free_mail' | 'business';

const isSameOrSubdomain = (domain: string, parent: string): boolean =>
  domain === parent || domain.endsWith(`.${parent}`);

/** null when the contact has no usable email address. */
export const emailDomainType = (email: string | null, competitorDomains: readonly string[]): EmailDomainType | null => {
  const domain = email === null ? null : domainFromEmail(email);
  if (domain === null) return null;
  if (competitorDomains.some((competitor) => isSameOrSubdomain(domain, competitor.toLowerCase()))) return 'competitor';
  // A throwaway address says as little about an employer as a consumer mailbox.
  if (FREE_MAIL_DOMAINS.has(domain) || mailchecker.blacklist().has(domain)) return 'free_mail';
  return 'business';
};
