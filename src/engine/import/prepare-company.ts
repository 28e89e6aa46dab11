import { normalizeCountry } from '../../domain/normalize/country.ts';
import { domainFromUrl } from '../../domain/normalize/domain.ts';
import { readCustomProperties, readInstant, readMinorUnits, readNumber } from './cell-values.ts';
import { type ImportSetup, type Prepared, reject } from './import-setup.ts';

export type CompanyRow = {
  domain: string;
  name: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  country: string | null;
  city: string | null;
  properties: Record<string, unknown>;
  created_at: string | null;
};

/** One company row, keyed by its web domain. */
export const prepareCompany = (cells: Readonly<Record<string, string>>, setup: ImportSetup): Prepared<CompanyRow> => {
  if (cells.domain === undefined) return reject('domain is missing (the import key)');
  const domain = domainFromUrl(cells.domain);
  if (domain === null) return reject(`domain: "${cells.domain}" is not a web domain`);
  const employees = cells.employees === undefined ? null : readNumber(cells.employees);
  if (cells.employees !== undefined && (employees === null || !Number.isInteger(employees) || employees < 0)) return reject(`employees: "${cells.employees}" is not a whole number`);
  const revenue = cells.annualRevenue === undefined ? null : readMinorUnits(cells.annualRevenue);
  if (cells.annualRevenue !== undefined && revenue === null) return reject(`annual revenue: "${cells.annualRevenue}" is not an amount`);
  const country = cells.country === undefined ? null : normalizeCountry(cells.country);
  if (cells.country !== undefined && country === null) return reject(`country: "${cells.country}" is not a known country`);
  const createdAt = cells.createdAt === undefined ? null : readInstant(cells.createdAt);
  if (cells.createdAt !== undefined && createdAt === null) return reject(`create date "${cells.createdAt}" is not a date`);
  const custom = readCustomProperties(cells, setup.properties);
  if (custom.problems.length > 0) return reject(custom.problems.join('; '));
  return {
    ok: true,
    key: domain,
    row: {
      domain,
      name: cells.name ?? null,
      industry: cells.industry ?? null,
      employees,
      annual_revenue: revenue,
      country,
      city: cells.city ?? null,
      properties: custom.values,
      created_at: createdAt,
    },
  };
};
