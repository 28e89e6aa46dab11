// Whether a contact wrote from a business address, a free mailbox or a throwaway one.

import mailchecker from 'mailchecker';

export const EMAIL_DOMAIN_TYPES = ['business', 'free', 'disposable', 'none'] as const;
export type EmailDomainType = (typeof EMAIL_DOMAIN_TYPES)[number];

const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.es', 'yahoo.it',
  'yahoo.co.jp', 'yahoo.com.br', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr',
  'hotmail.de', 'hotmail.es', 'hotmail.it', 'outlook.com', 'outlook.fr', 'outlook.de', 'live.com', 'live.co.uk',
  'live.fr', 'msn.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com', 'protonmail.com', 'proton.me', 'pm.me',
  'gmx.com', 'gmx.de', 'gmx.net', 'gmx.fr', 'web.de', 't-online.de', 'mail.com', 'mail.ru', 'yandex.ru',
  'yandex.com', 'qq.com', '163.com', '126.com', 'naver.com', 'zoho.com', 'zohomail.com', 'fastmail.com',
  'hey.com', 'tutanota.com', 'orange.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'wanadoo.fr', 'libero.it',
  'btinternet.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'rediffmail.com', 'uol.com.br',
  'bol.com.br',
]);

export const emailDomainType = (email: string | null): EmailDomainType => {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email === null || at < 0) return 'none';
  const domain = email.slice(at + 1).trim().toLowerCase();
  if (domain === '') return 'none';
  if (FREE_MAIL_DOMAINS.has(domain)) return 'free';
  if (mailchecker.blacklist().has(domain)) return 'disposable';
  return 'business';
};
