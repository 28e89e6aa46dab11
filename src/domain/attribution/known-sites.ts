// Search engines, social networks, AI assistants and webmail, recognized by referrer host or by the
// name a utm_source gives them.

export type SiteKind = 'ai' | 'email' | 'social' | 'search';

export type KnownSite = {
  /** The source name a touch from this site is recorded under. */
  name: string;
  kind: SiteKind;
  /**
   * Host patterns, compared after `www.` is stripped: `*.a.com` is a.com and its subdomains,
   * `a.*` is a on any country or generic top-level domain (a.com, a.de, a.co.uk, a.com.br),
   * `a.**` is any host starting with `a.`. Android app referrers (`android-app://com.x.y`) appear as
   * their package name.
   */
  hosts: readonly string[];
  /** utm_source values naming the site (compared lower-case, whole or by their first word). */
  aliases: readonly string[];
};

// AI assistants come first because some live under a search engine's domain (gemini.google.com),
// then webmail for the same reason (mail.google.com), then social networks, then search engines.
export const KNOWN_SITES: readonly KnownSite[] = [
  { name: 'chatgpt', kind: 'ai', hosts: ['*.chatgpt.com', 'chat.openai.com', 'com.openai.chatgpt'], aliases: ['chatgpt', 'openai'] },
  { name: 'perplexity', kind: 'ai', hosts: ['*.perplexity.ai', 'ai.perplexity.android'], aliases: ['perplexity'] },
  { name: 'claude', kind: 'ai', hosts: ['claude.ai'], aliases: ['claude', 'anthropic'] },
  { name: 'gemini', kind: 'ai', hosts: ['gemini.google.com', 'bard.google.com'], aliases: ['gemini', 'bard'] },
  { name: 'copilot', kind: 'ai', hosts: ['copilot.microsoft.com', 'copilot.cloud.microsoft', 'm365.cloud.microsoft'], aliases: ['copilot'] },
  { name: 'deepseek', kind: 'ai', hosts: ['chat.deepseek.com'], aliases: ['deepseek'] },
  { name: 'mistral', kind: 'ai', hosts: ['chat.mistral.ai'], aliases: ['mistral'] },
  { name: 'grok', kind: 'ai', hosts: ['grok.com'], aliases: ['grok'] },
  { name: 'meta_ai', kind: 'ai', hosts: ['meta.ai'], aliases: ['meta_ai'] },
  { name: 'you', kind: 'ai', hosts: ['you.com'], aliases: [] },
  { name: 'phind', kind: 'ai', hosts: ['phind.com'], aliases: ['phind'] },
  { name: 'poe', kind: 'ai', hosts: ['poe.com'], aliases: ['poe'] },

  { name: 'gmail', kind: 'email', hosts: ['mail.google.com', 'inbox.google.com', 'com.google.android.gm'], aliases: ['gmail'] },
  {
    name: 'outlook',
    kind: 'email',
    hosts: ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft', 'com.microsoft.office.outlook'],
    aliases: ['outlook'],
  },
  { name: 'yahoo_mail', kind: 'email', hosts: ['*.mail.yahoo.com'], aliases: [] },
  { name: 'proton_mail', kind: 'email', hosts: ['mail.proton.me', 'mail.protonmail.com'], aliases: ['protonmail'] },
  { name: 'aol_mail', kind: 'email', hosts: ['mail.aol.com'], aliases: [] },
  { name: 'yandex_mail', kind: 'email', hosts: ['mail.yandex.*'], aliases: [] },
  { name: 'zoho_mail', kind: 'email', hosts: ['mail.zoho.*'], aliases: [] },
  { name: 'webmail', kind: 'email', hosts: ['webmail.**'], aliases: [] },
  {
    name: 'email',
    kind: 'email',
    hosts: [],
    aliases: ['email', 'e-mail', 'newsletter', 'mailchimp', 'klaviyo', 'brevo', 'sendinblue', 'sendgrid', 'mailerlite', 'hs_email'],
  },

  { name: 'facebook', kind: 'social', hosts: ['*.facebook.com', 'fb.com', 'fb.me', '*.messenger.com', 'com.facebook.katana'], aliases: ['facebook', 'fb', 'meta'] },
  { name: 'instagram', kind: 'social', hosts: ['*.instagram.com', 'com.instagram.android'], aliases: ['instagram', 'ig'] },
  { name: 'linkedin', kind: 'social', hosts: ['*.linkedin.com', 'lnkd.in', 'com.linkedin.android'], aliases: ['linkedin', 'lnkd'] },
  { name: 'x', kind: 'social', hosts: ['x.com', 't.co', '*.twitter.com', 'com.twitter.android'], aliases: ['x', 'twitter', 'tw'] },
  { name: 'reddit', kind: 'social', hosts: ['*.reddit.com', 'redd.it', 'com.reddit.frontpage'], aliases: ['reddit'] },
  { name: 'youtube', kind: 'social', hosts: ['*.youtube.com', 'youtu.be', 'com.google.android.youtube'], aliases: ['youtube', 'yt'] },
  { name: 'tiktok', kind: 'social', hosts: ['*.tiktok.com', 'com.zhiliaoapp.musically'], aliases: ['tiktok'] },
  { name: 'pinterest', kind: 'social', hosts: ['*.pinterest.*', 'pin.it'], aliases: ['pinterest'] },
  { name: 'threads', kind: 'social', hosts: ['*.threads.net', 'threads.com'], aliases: ['threads'] },
  { name: 'bluesky', kind: 'social', hosts: ['bsky.app'], aliases: ['bluesky', 'bsky'] },
  { name: 'mastodon', kind: 'social', hosts: ['mastodon.social'], aliases: ['mastodon'] },
  { name: 'quora', kind: 'social', hosts: ['*.quora.com'], aliases: ['quora'] },
  { name: 'tumblr', kind: 'social', hosts: ['*.tumblr.com'], aliases: ['tumblr'] },
  { name: 'vk', kind: 'social', hosts: ['*.vk.com'], aliases: ['vk'] },
  { name: 'snapchat', kind: 'social', hosts: ['*.snapchat.com'], aliases: ['snapchat', 'snap'] },
  { name: 'whatsapp', kind: 'social', hosts: ['wa.me', '*.whatsapp.com'], aliases: ['whatsapp'] },
  { name: 'xing', kind: 'social', hosts: ['*.xing.com'], aliases: ['xing'] },
  { name: 'hacker_news', kind: 'social', hosts: ['news.ycombinator.com'], aliases: ['hackernews', 'hacker_news'] },

  { name: 'google', kind: 'search', hosts: ['google.*', 'com.google.android.googlequicksearchbox'], aliases: ['google'] },
  { name: 'bing', kind: 'search', hosts: ['*.bing.com'], aliases: ['bing'] },
  { name: 'duckduckgo', kind: 'search', hosts: ['duckduckgo.com'], aliases: ['duckduckgo', 'ddg'] },
  { name: 'yahoo', kind: 'search', hosts: ['*.search.yahoo.com', 'yahoo.*'], aliases: ['yahoo'] },
  { name: 'baidu', kind: 'search', hosts: ['*.baidu.com'], aliases: ['baidu'] },
  { name: 'yandex', kind: 'search', hosts: ['yandex.*', 'ya.ru'], aliases: ['yandex'] },
  { name: 'ecosia', kind: 'search', hosts: ['*.ecosia.org'], aliases: ['ecosia'] },
  { name: 'brave', kind: 'search', hosts: ['search.brave.com'], aliases: ['brave'] },
  { name: 'startpage', kind: 'search', hosts: ['*.startpage.com'], aliases: ['startpage'] },
  { name: 'qwant', kind: 'search', hosts: ['*.qwant.com'], aliases: ['qwant'] },
  { name: 'naver', kind: 'search', hosts: ['*.naver.com'], aliases: ['naver'] },
  { name: 'seznam', kind: 'search', hosts: ['*.seznam.cz'], aliases: ['seznam'] },
  { name: 'sogou', kind: 'search', hosts: ['*.sogou.com'], aliases: ['sogou'] },
  { name: 'aol', kind: 'search', hosts: ['search.aol.com'], aliases: ['aol'] },
  { name: 'kagi', kind: 'search', hosts: ['kagi.com'], aliases: ['kagi'] },
];

const TOP_LEVEL_DOMAIN = '[a-z]{2,6}(?:\\.[a-z]{2})?';

const hostPattern = (pattern: string): RegExp => {
  const anySubdomain = pattern.startsWith('*.');
  const anyTopLevel = pattern.endsWith('.*') && !pattern.endsWith('.**');
  const anyRest = pattern.endsWith('.**');
  const core = pattern.slice(anySubdomain ? 2 : 0, anyRest ? -3 : anyTopLevel ? -2 : undefined).replaceAll('.', '\\.');
  const prefix = anySubdomain ? '(?:[a-z0-9-]+\\.)*' : '';
  const suffix = anyRest ? '\\.[a-z0-9.-]+' : anyTopLevel ? `\\.${TOP_LEVEL_DOMAIN}` : '';
  return new RegExp(`^${prefix}${core}${suffix}$`);
};

const SITE_PATTERNS = KNOWN_SITES.map((site) => ({ site, patterns: site.hosts.map(hostPattern) }));

const SITE_BY_ALIAS = new Map(KNOWN_SITES.flatMap((site) => site.aliases.map((alias) => [alias, site] as const)));

/** The known site a host (already lower-case, without `www.`) belongs to. */
export const siteForHost = (host: string): KnownSite | undefined =>
  SITE_PATTERNS.find(({ patterns }) => patterns.some((pattern) => pattern.test(host)))?.site;

/**
 * The known site a utm_source names: a host (`facebook.com`, `chatgpt.com`), an alias (`fb`), or an
 * alias as the first word of a longer name (`google_ads`, `linkedin-sponsored`).
 */
export const siteForSource = (source: string): KnownSite | undefined => {
  const name = source.trim().toLowerCase();
  const exact = SITE_BY_ALIAS.get(name);
  if (exact) return exact;
  if (name.includes('.')) return siteForHost(name.replace(/^www\./, ''));
  const firstWord = name.split(/[^a-z0-9]+/)[0];
  return firstWord ? SITE_BY_ALIAS.get(firstWord) : undefined;
};
