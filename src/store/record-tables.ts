// The CRM objects as stored: which table holds each, and the column behind every camelCase field.
// The migrations are the source of truth; this is the map the generic repository works from.

export type ObjectType = 'contact' | 'company' | 'deal';

export type ColumnType = 'text' | 'uuid' | 'number' | 'integer' | 'timestamptz' | 'date' | 'jsonb';

export type Column = { column: string; type: ColumnType };

/** The SQL type of each column type, as a record set or a cast names it. */
export const SQL_TYPES: Record<ColumnType, string> = { text: 'text', uuid: 'uuid', number: 'float8', integer: 'integer', timestamptz: 'timestamptz', date: 'date', jsonb: 'jsonb' };

export type RecordTable = { table: string; columns: Record<string, Column> };

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const columns = (spec: Record<string, ColumnType>): Record<string, Column> =>
  Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { column: snake(name), type }]));

const common = { id: 'uuid', ownerId: 'uuid', properties: 'jsonb', createdAt: 'timestamptz', updatedAt: 'timestamptz' } as const;

export const RECORD_TABLES: Record<ObjectType, RecordTable> = {
  contact: {
    table: 'contacts',
    columns: columns({
      ...common,
      email: 'text',
      firstName: 'text',
      lastName: 'text',
      phone: 'text',
      jobTitle: 'text',
      country: 'text',
      city: 'text',
      companyId: 'uuid',
      lifecycleStage: 'text',
      leadStatus: 'text',
      customerStatus: 'text',
      stageEnteredAt: 'timestamptz',
      fitScore: 'number',
      engagementScore: 'number',
      originalSource: 'jsonb',
      latestSource: 'jsonb',
      mergedInto: 'uuid',
    }),
  },
  company: {
    table: 'companies',
    columns: columns({
      ...common,
      name: 'text',
      domain: 'text',
      industry: 'text',
      employees: 'integer',
      annualRevenue: 'integer',
      country: 'text',
      city: 'text',
      lifecycleStage: 'text',
      customerStatus: 'text',
    }),
  },
  deal: {
    table: 'deals',
    columns: columns({
      ...common,
      name: 'text',
      amount: 'integer',
      currency: 'text',
      pipeline: 'text',
      stage: 'text',
      status: 'text',
      closeDate: 'date',
      closedAt: 'timestamptz',
      companyId: 'uuid',
    }),
  },
};

export const OBJECT_TYPES = Object.keys(RECORD_TABLES) as ObjectType[];
