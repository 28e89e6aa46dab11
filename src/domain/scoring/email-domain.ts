// Classifies a contact's email domain for fit scoring: a competitor, a free or disposable mailbox,
// or a business address.

import mailchecker from 'mailchecker';
import { cleanHost, emailDomainText } from '../normalize/domain.ts';
import { FREE_MAIL_DOMAINS } from '../normalize/free-mail-domains.ts';
import { memoize } from '../normalize/memo.ts';

export type EmailDomainType = 'competitor' | 'free_mail' | 'business';

const isSameOrSubdomain = (domain: string, parent: string): boolean =>
  domain === parent || domain.endsWith(`.${parent}`);

/** The type of an email's domain part as written (emailDomainText), or null when it names no domain. */
const classify = (written: string, competitorDomains: readonly string[]): EmailDomainType | null => {
  const domain = cleanHost(written);
  if (domain === null) return null;
  if (competitorDomains.some((competitor) => isSameOrSubdomain(domain, competitor.toLowerCase()))) return 'competitor';
  // A throwaway address says as little about an employer as a consumer mailbox.
  if (FREE_MAIL_DOMAINS.has(domain) || mailchecker.blacklist().has(domain)) return 'free_mail';
  return 'business';
};

// A contact's fit is scored at every step of every event it has: each domain is classified once per list of
// competitor domains (a model's, kept as long as the configuration holding it). By domain, not address: a
// workspace's contacts share far fewer domains than the memo holds, where their addresses would overflow it.
const memos = new WeakMap<readonly string[], (domain: string) => EmailDomainType | null>();

/** null when the contact has no usable email address. */
export const emailDomainType = (email: string | null, competitorDomains: readonly string[]): EmailDomainType | null => {
  const written = email === null ? null : emailDomainText(email);
  if (written === null) return null;
  let memo = memos.get(competitorDomains);
  if (memo === undefined) {
    memo = memoize((domain) => classify(domain, competitorDomains));
    memos.set(competitorDomains, memo);
  }
  return memo(written);
};
