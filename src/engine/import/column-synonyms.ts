// The headers people (and other CRMs' exports) give each importable field. Headers are compared
// folded: lower-case, letters and digits only, so "E-mail", "EMAIL" and "e mail" are the same.

export type ImportObjectType = 'contact' | 'company' | 'deal' | 'event';

export const IMPORT_OBJECT_TYPES = ['contact', 'company', 'deal', 'event'] as const satisfies readonly ImportObjectType[];

export const foldHeader = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The stage each HubSpot "Become a … Date" column dates, in our stage ids. */
export const STAGE_DATE_HEADERS: Readonly<Record<string, string>> = {
  'Become a Subscriber Date': 'subscriber',
  'Become a Lead Date': 'lead',
  'Become a Marketing Qualified Lead Date': 'marketing_qualified',
  'Become a Sales Qualified Lead Date': 'sales_qualified',
  'Become an Opportunity Date': 'opportunity',
  'Become a Customer Date': 'customer',
  'Become an Evangelist Date': 'evangelist',
  'Become an Other Lifecycle Date': 'other',
};

const CONTACT: Readonly<Record<string, readonly string[]>> = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'work email', 'business email'],
  firstName: ['first name', 'firstname', 'given name', 'forename', 'first'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'last'],
  fullName: ['name', 'full name', 'contact name', 'contact'],
  phone: ['phone', 'phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'mobile phone number', 'cell', 'work phone'],
  jobTitle: ['job title', 'title', 'position', 'role', 'job'],
  country: ['country', 'country/region', 'country code', 'nation'],
  city: ['city', 'town', 'locality'],
  website: ['website', 'website url', 'company website', 'web', 'url', 'company domain', 'company domain name', 'domain'],
  company: ['company', 'company name', 'associated company', 'organization', 'organisation', 'account', 'account name', 'employer'],
  lifecycleStage: ['lifecycle stage', 'lifecyclestage', 'stage'],
  leadStatus: ['lead status', 'status'],
  originalSource: ['original source', 'source', 'lead source', 'original source type'],
  sourceDetail1: ['original source drill-down 1', 'source detail'],
  sourceDetail2: ['original source drill-down 2', 'campaign'],
  createdAt: ['create date', 'created', 'created at', 'created date', 'date created', 'createdate'],
  ...Object.fromEntries(Object.entries(STAGE_DATE_HEADERS).map(([header, stage]) => [`stageDate.${stage}`, [header]])),
};

const COMPANY: Readonly<Record<string, readonly string[]>> = {
  name: ['name', 'company', 'company name', 'account', 'account name', 'organization', 'organisation'],
  domain: ['domain', 'company domain', 'company domain name', 'website', 'website url', 'url', 'web'],
  industry: ['industry', 'sector', 'vertical'],
  employees: ['employees', 'number of employees', 'employee count', 'headcount', 'size', 'company size'],
  annualRevenue: ['annual revenue', 'revenue'],
  country: ['country', 'country/region', 'country code'],
  city: ['city', 'town'],
  createdAt: ['create date', 'created', 'created at', 'created date'],
};

const DEAL: Readonly<Record<string, readonly string[]>> = {
  externalId: ['record id', 'deal id', 'id', 'external id'],
  name: ['deal name', 'name', 'deal', 'opportunity', 'opportunity name'],
  amount: ['amount', 'value', 'deal value', 'deal amount'],
  currency: ['currency', 'currency code'],
  pipeline: ['pipeline'],
  stage: ['deal stage', 'stage'],
  status: ['status', 'deal status'],
  closeDate: ['close date', 'expected close date', 'closing date'],
  company: ['company', 'company name', 'associated company', 'account', 'account name'],
  companyDomain: ['company domain', 'company domain name', 'domain', 'website'],
  contactEmail: ['contact email', 'associated contact email', 'email', 'contact'],
  createdAt: ['create date', 'created', 'created at', 'created date'],
};

const EVENT: Readonly<Record<string, readonly string[]>> = {
  externalId: ['id', 'event id', 'external id'],
  type: ['type', 'event type', 'event', 'activity type'],
  email: ['email', 'contact email', 'e-mail', 'email address'],
  occurredAt: ['occurred at', 'timestamp', 'date', 'time', 'datetime', 'occurred'],
  url: ['url', 'page url', 'page'],
  anonymousId: ['anonymous id', 'visitor id'],
};

export const FIELD_SYNONYMS: Readonly<Record<ImportObjectType, Readonly<Record<string, readonly string[]>>>> = {
  contact: CONTACT,
  company: COMPANY,
  deal: DEAL,
  event: EVENT,
};
