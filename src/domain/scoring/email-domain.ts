// Classifies a contact's email domain for fit scoring: a competitor, a free or disposable mailbox,
// or a business address.

import mailchecker from 'mailchecker';
import { domainFromEmail } from '../normalize/domain.ts';
import { FREE_MAIL_DOMAINS } from '../normalize/free-mail-domains.ts';
import { memoize } from '../normalize/memo.ts';

export type EmailDomainType = 'competitor' | 'free_mail' | 'business';

const isSameOrSubdomain = (domain: string, parent: string): boolean =>
  domain === parent || domain.endsWith(`.${parent}`);

const classify = (email: string, competitorDomains: readonly string[]): EmailDomainType | null => {
  const domain = domainFromEmail(email);
  if (domain === null) return null;
  if (competitorDomains.some((competitor) => isSameOrSubdomain(domain, competitor.toLowerCase()))) return 'competitor';
  // A throwaway address says as little about an employer as a consumer mailbox.
  if (FREE_MAIL_DOMAINS.has(domain) || mailchecker.blacklist().has(domain)) return 'free_mail';
  return 'business';
};

// A contact's fit is scored at every step of every event it has: each email is classified once per list of
// competitor domains (a model's, kept as long as the configuration holding it).
const memos = new WeakMap<readonly string[], (email: string) => EmailDomainType | null>();

/** null when the contact has no usable email address. */
export const emailDomainType = (email: string | null, competitorDomains: readonly string[]): EmailDomainType | null => {
  if (email === null) return null;
  let memo = memos.get(competitorDomains);
  if (memo === undefined) {
    memo = memoize((address) => classify(address, competitorDomains));
    memos.set(competitorDomains, memo);
  }
  return memo(email);
};
