import { parse } from 'csv-parse/sync';
import type { LabeledSample } from '../../domain/predictive/predictive-model.ts';
import { SOURCE_CHANNELS } from '../../domain/predictive/features.ts';
import { makeCompany, makeContact } from '../../domain/predictive/synthetic-samples.ts';
import { invalid } from '../app-error.ts';
import { FIELD_SYNONYMS, foldHeader } from '../import/column-synonyms.ts';
import { readInstant, readNumber } from '../import/cell-values.ts';

/** The fields of a historical lead the model's features read, and the headers that name them. */
const FIELDS = {
  email: FIELD_SYNONYMS.contact.email!,
  jobTitle: FIELD_SYNONYMS.contact.jobTitle!,
  country: FIELD_SYNONYMS.contact.country!,
  createdAt: FIELD_SYNONYMS.contact.createdAt!,
  source: [...FIELD_SYNONYMS.contact.originalSource!, 'channel'],
  industry: FIELD_SYNONYMS.company.industry!,
  employees: FIELD_SYNONYMS.company.employees!,
} as const;

type Field = keyof typeof FIELDS;

const TRUE = new Set(['yes', 'y', 'true', '1', 'won', 'closedwon', 'customer']);
const FALSE = new Set(['no', 'n', 'false', '0', 'lost', 'closedlost', '']);

// Channel names as other CRMs export them (HubSpot's original source types), folded like headers.
const CHANNEL_ALIASES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(SOURCE_CHANNELS.map((channel) => [foldHeader(channel), channel])),
  emailmarketing: 'email',
  socialmedia: 'organic_social',
  referrals: 'referral',
  directtraffic: 'direct',
  offlinesources: 'offline',
  aireferrals: 'ai_referral',
};

export type CsvRejection = { line: number; reason: string };

export type CsvSamples = { samples: LabeledSample[]; rejected: CsvRejection[]; mapped: Partial<Record<Field, string>> };

const mapHeaders = (headers: readonly string[]): Partial<Record<Field, number>> => {
  const folded = headers.map(foldHeader);
  const mapping: Partial<Record<Field, number>> = {};
  for (const [field, synonyms] of Object.entries(FIELDS) as [Field, readonly string[]][]) {
    const index = folded.findIndex((header) => synonyms.some((synonym) => foldHeader(synonym) === header));
    if (index >= 0) mapping[field] = index;
  }
  return mapping;
};

const readOutcome = (text: string): boolean | null => {
  const folded = foldHeader(text);
  return TRUE.has(folded) ? true : FALSE.has(folded) ? false : null;
};

/**
 * Labeled samples from a CSV of historical leads with an outcome column, so a team can score on day one.
 * Each row is a lead as it was when created: its fields, no events. A row whose outcome or numbers cannot
 * be read is set aside with its line and reason; a file without the outcome column is refused whole.
 */
export const csvSamples = (text: string, outcomeColumn: string, now: Date): CsvSamples => {
  const rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [headers, ...body] = rows;
  if (headers === undefined) throw invalid('the CSV file is empty');
  const outcomeIndex = headers.findIndex((header) => foldHeader(header) === foldHeader(outcomeColumn));
  if (outcomeIndex < 0) throw invalid(`the CSV file has no column "${outcomeColumn}" (columns: ${headers.join(', ')})`, [{ field: 'outcomeColumn', message: 'no such column' }]);
  const mapping = mapHeaders(headers);
  if (Object.keys(mapping).length === 0) {
    throw invalid(`no column of the CSV file names a lead field (email, job title, country, employees, industry, source, created date)`);
  }
  const result: CsvSamples = {
    samples: [],
    rejected: [],
    mapped: Object.fromEntries(Object.entries(mapping).map(([field, index]) => [field, headers[index]!])),
  };
  body.forEach((row, index) => {
    const line = index + 2;
    const cell = (field: Field): string | null => {
      const at = mapping[field];
      const value = at === undefined ? '' : (row[at] ?? '').trim();
      return value === '' ? null : value;
    };
    const label = readOutcome(row[outcomeIndex] ?? '');
    if (label === null) return result.rejected.push({ line, reason: `outcome "${row[outcomeIndex]}" is not yes/no, true/false, 1/0 or won/lost` });
    const employeesText = cell('employees');
    const employees = employeesText === null ? null : readNumber(employeesText);
    if (employeesText !== null && employees === null) return result.rejected.push({ line, reason: `employees "${employeesText}" is not a number` });
    const createdText = cell('createdAt');
    const createdAt = createdText === null ? now.toISOString() : readInstant(createdText);
    if (createdAt === null) return result.rejected.push({ line, reason: `created date "${createdText}" is not a date` });
    const sourceText = cell('source');
    const channel = sourceText === null ? null : (CHANNEL_ALIASES[foldHeader(sourceText)] ?? 'other_campaigns');
    const id = `csv-line-${line}`;
    const company = employees === null && cell('industry') === null ? null : makeCompany({ id: `${id}-company`, employees, industry: cell('industry') });
    const contact = makeContact({
      id,
      email: cell('email'),
      jobTitle: cell('jobTitle'),
      country: cell('country'),
      companyId: company?.id ?? null,
      originalSource: channel === null ? null : { channel, campaign: null, source: sourceText, medium: null, term: null, referrerDomain: null, at: createdAt },
      createdAt,
      updatedAt: createdAt,
    });
    return result.samples.push({ contact, company, events: [], asOf: createdAt, label });
  });
  return result;
};
