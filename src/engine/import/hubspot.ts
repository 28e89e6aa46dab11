// The HubSpot contacts export: its internal values for lifecycle stage, lead status and original
// source, in ours. Values are matched lower-case with spaces and dashes as underscores, so both the
// internal names (MARKETINGQUALIFIEDLEAD) and the labels ("Marketing Qualified Lead") are read.

import type { Channel } from '../../domain/attribution/channel.ts';

const key = (value: string): string => value.trim().toLowerCase().replace(/[\s-]+/g, '_');

const STAGES: Readonly<Record<string, string>> = {
  subscriber: 'subscriber',
  lead: 'lead',
  marketingqualifiedlead: 'marketing_qualified',
  marketing_qualified_lead: 'marketing_qualified',
  salesqualifiedlead: 'sales_qualified',
  sales_qualified_lead: 'sales_qualified',
  opportunity: 'opportunity',
  customer: 'customer',
  evangelist: 'evangelist',
  other: 'other',
};

const LEAD_STATUSES: Readonly<Record<string, string>> = {
  new: 'new',
  open: 'new',
  attempted_to_contact: 'attempting',
  connected: 'connected',
  in_progress: 'in_progress',
  open_deal: 'open_deal',
  unqualified: 'unqualified',
  bad_timing: 'bad_timing',
};

const SOURCES: Readonly<Record<string, Channel>> = {
  organic_search: 'organic_search',
  paid_search: 'paid_search',
  email_marketing: 'email',
  social_media: 'organic_social',
  organic_social: 'organic_social',
  paid_social: 'paid_social',
  referrals: 'referral',
  direct_traffic: 'direct',
  offline: 'offline',
  offline_sources: 'offline',
  other_campaigns: 'other_campaigns',
  ai_referrals: 'ai_referral',
};

export const hubspotStage = (value: string): string | undefined => STAGES[key(value)];
export const hubspotLeadStatus = (value: string): string | undefined => LEAD_STATUSES[key(value)];
export const hubspotSource = (value: string): Channel | undefined => SOURCES[key(value)];
