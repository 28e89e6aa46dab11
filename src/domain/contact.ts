// The contact as the domain sees it: camelCase standard fields plus workspace-defined custom properties.

export type PropertyType = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'multi_enum';

export type SourceTouch = {
  channel: string;
  campaign: string | null;
  source: string | null;
  medium: string | null;
  term: string | null;
  referrerDomain: string | null;
  at: string;
};

export type Contact = {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  jobTitle: string | null;
  country: string | null;
  city: string | null;
  companyId: string | null;
  ownerId: string | null;
  lifecycleStage: string | null;
  leadStatus: string | null;
  customerStatus: string | null;
  stageEnteredAt: string | null;
  fitScore: number;
  engagementScore: number;
  originalSource: SourceTouch | null;
  latestSource: SourceTouch | null;
  properties: Record<string, unknown>;
  /** Set when this contact was merged into another: its id resolves to the survivor. */
  mergedInto?: string | null;
  createdAt: string;
  updatedAt: string;
};

export type Company = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  city: string | null;
  lifecycleStage: string | null;
  customerStatus: string | null;
  ownerId: string | null;
  properties: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

/** Standard contact fields a filter, a score rule or an import may name, with their types. */
export const CONTACT_FIELDS = {
  id: 'string',
  email: 'string',
  firstName: 'string',
  lastName: 'string',
  phone: 'string',
  jobTitle: 'string',
  country: 'string',
  city: 'string',
  companyId: 'string',
  ownerId: 'string',
  lifecycleStage: 'string',
  leadStatus: 'string',
  customerStatus: 'string',
  stageEnteredAt: 'datetime',
  fitScore: 'number',
  engagementScore: 'number',
  createdAt: 'datetime',
  updatedAt: 'datetime',
} as const satisfies Record<string, PropertyType>;

/** Standard company fields, reachable from a contact filter as `company.<field>`. */
export const COMPANY_FIELDS = {
  name: 'string',
  domain: 'string',
  industry: 'string',
  employees: 'number',
  annualRevenue: 'number',
  country: 'string',
  city: 'string',
  lifecycleStage: 'string',
  customerStatus: 'string',
  createdAt: 'datetime',
} as const satisfies Record<string, PropertyType>;

/** A contact with only its id and creation time: every field empty, scores zero. */
export const blankContact = (id: string, createdAt: string): Contact => ({
  id,
  email: null,
  firstName: null,
  lastName: null,
  phone: null,
  jobTitle: null,
  country: null,
  city: null,
  companyId: null,
  ownerId: null,
  lifecycleStage: null,
  leadStatus: null,
  customerStatus: null,
  stageEnteredAt: null,
  fitScore: 0,
  engagementScore: 0,
  originalSource: null,
  latestSource: null,
  properties: {},
  createdAt,
  updatedAt: createdAt,
});

/** A company with only its id, name and creation time: every other field empty. */
export const blankCompany = (id: string, name: string, createdAt: string): Company => ({
  id,
  name,
  domain: null,
  industry: null,
  employees: null,
  annualRevenue: null,
  country: null,
  city: null,
  lifecycleStage: null,
  customerStatus: null,
  ownerId: null,
  properties: {},
  createdAt,
  updatedAt: createdAt,
});
