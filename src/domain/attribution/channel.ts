// The fixed channel list every touch is classified into (DESIGN §1, "Source attribution").

export const CHANNELS = [
  'organic_search',
  'paid_search',
  'email',
  'organic_social',
  'paid_social',
  'referral',
  'direct',
  'ai_referral',
  'offline',
  'other_campaigns',
] as const;

export type Channel = (typeof CHANNELS)[number];
