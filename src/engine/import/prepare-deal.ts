import { normalizeEmail } from '../../domain/normalize/email.ts';
import { domainFromUrl } from '../../domain/normalize/domain.ts';
import { readCustomProperties, readDate, readInstant, readMinorUnits } from './cell-values.ts';
import { type ImportSetup, type Prepared, reject } from './import-setup.ts';

export type DealRow = {
  external_id: string;
  name: string;
  amount: number;
  currency: string;
  pipeline: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  close_date: string | null;
  closed_at: string | null;
  company_domain: string | null;
  company_name: string | null;
  contact_email: string | null;
  properties: Record<string, unknown>;
  created_at: string | null;
};

const STATUSES = ['open', 'won', 'lost'] as const;

/**
 * One deal row. Keyed by the source system's id, or (`--key name`) by its name and company: that key
 * is stored as the external id, so a re-import finds the same deal.
 */
export const prepareDeal = (cells: Readonly<Record<string, string>>, setup: ImportSetup): Prepared<DealRow> => {
  if (cells.name === undefined) return reject('deal name is missing');
  if (cells.stage === undefined) return reject('deal stage is missing');
  const companyDomain = cells.companyDomain === undefined ? null : domainFromUrl(cells.companyDomain);
  if (cells.companyDomain !== undefined && companyDomain === null) return reject(`company domain: "${cells.companyDomain}" is not a web domain`);
  const externalId =
    setup.key === 'name' ? `name:${cells.name.toLowerCase()}|${companyDomain ?? cells.company?.toLowerCase() ?? ''}` : cells.externalId;
  if (externalId === undefined) return reject('the deal id column (the import key) is empty');
  const amount = cells.amount === undefined ? 0 : readMinorUnits(cells.amount);
  if (amount === null) return reject(`amount: "${cells.amount}" is not an amount`);
  const status = (cells.status?.toLowerCase() ?? 'open') as DealRow['status'];
  if (!STATUSES.includes(status)) return reject(`status: "${cells.status}" is not one of ${STATUSES.join(', ')}`);
  const closeDate = cells.closeDate === undefined ? null : readDate(cells.closeDate);
  if (cells.closeDate !== undefined && closeDate === null) return reject(`close date "${cells.closeDate}" is not a date`);
  const createdAt = cells.createdAt === undefined ? null : readInstant(cells.createdAt);
  if (cells.createdAt !== undefined && createdAt === null) return reject(`create date "${cells.createdAt}" is not a date`);
  const email = cells.contactEmail === undefined ? null : normalizeEmail(cells.contactEmail);
  if (email !== null && !email.valid) return reject(`contact email: "${cells.contactEmail}" is not a valid email address`);
  const currency = cells.currency?.toUpperCase() ?? 'USD';
  if (!/^[A-Z]{3}$/.test(currency)) return reject(`currency: "${cells.currency}" is not a three-letter currency code`);
  const custom = readCustomProperties(cells, setup.properties);
  if (custom.problems.length > 0) return reject(custom.problems.join('; '));
  return {
    ok: true,
    key: externalId,
    row: {
      external_id: externalId,
      name: cells.name,
      amount,
      currency,
      pipeline: cells.pipeline ?? 'default',
      stage: cells.stage,
      status,
      close_date: closeDate,
      closed_at: status === 'open' ? null : closeDate === null ? null : `${closeDate}T00:00:00.000Z`,
      company_domain: companyDomain,
      company_name: cells.company ?? null,
      contact_email: email?.email ?? null,
      properties: custom.values,
      created_at: createdAt,
    },
  };
};
