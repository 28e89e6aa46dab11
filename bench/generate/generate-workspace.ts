// A realistic, seeded workspace of any size: owners, companies with a Zipf-like size mix, contacts across every
// stage (duplicates with typos at a known rate, from the matching tests' synthetic people), their stage history,
// a year of events and their deals. Contacts are made and written in chunks, so memory stays flat at any size.

import { generatePopulation, type SyntheticPerson } from '../../src/domain/matching/synthetic-people.ts';
import { isFreeMailDomain } from '../../src/domain/normalize/email.ts';
import { seededRandom } from '../../src/domain/predictive/seeded-random.ts';
import { generateCompanies } from './companies.ts';
import { type CompanyLink, type JourneyContext, PATH, pushJourney } from './journey.ts';
import type { RowSink } from './row-sink.ts';
import { seededUuidV7 } from './seeded-uuid.ts';
import { type Cell, emptyRows, TABLE_ORDER, type TableName, type TableRows } from './tables.ts';
import { touchTemplates } from './touches.ts';
import { zipfRanks } from './weighted.ts';

export type GenerateOptions = {
  /** Number of contacts. */
  size: number;
  seed: number;
  /** Mean events per contact (default 10). */
  eventsPerContact?: number;
  /** Share of contacts that are typo'd copies of another contact (default 0.03). */
  duplicateRate?: number;
  /** The generated year ends here (default 2025-06-01), so a seed always gives the same rows. */
  asOf?: string;
  /** Contacts per chunk (default 5,000). */
  chunkSize?: number;
  /** Rows per written batch (default 20,000). */
  batchSize?: number;
  onProgress?: (contactsDone: number) => void;
};

export type GenerateResult = { rows: Record<TableName, number>; duplicates: number; seconds: number };

const DAY_MS = 86_400_000;

/** Splits the chunk's records into people and the original each duplicate copies (by the population's truth). */
const originalsOf = (truePairs: ReadonlySet<string>): Map<string, string> => {
  const map = new Map<string, string>();
  for (const pair of truePairs) {
    const [a, b] = pair.split('|') as [string, string];
    if (a.startsWith('d') && b.startsWith('p')) map.set(a, b);
  }
  return map;
};

/** Two contacts never share an address (a unique index says so): a clash gains a digit, like a typo would. */
const uniqueEmail = (email: string | null, used: Set<string>, random: () => number): string | null => {
  if (email === null) return null;
  let candidate = email.toLowerCase();
  while (used.has(candidate)) candidate = candidate.replace('@', `${Math.floor(random() * 10)}@`);
  used.add(candidate);
  return candidate;
};

export const generateWorkspace = async (sink: RowSink, workspaceId: string, options: GenerateOptions): Promise<GenerateResult> => {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const asOfMs = Date.parse(options.asOf ?? '2025-06-01T00:00:00.000Z');
  const chunkSize = options.chunkSize ?? 5_000;
  const batchSize = options.batchSize ?? 20_000;
  const duplicateRate = options.duplicateRate ?? 0.03;
  const counts = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<TableName, number>;

  const rows: TableRows = emptyRows();
  const drain = async (force: boolean) => {
    for (const table of TABLE_ORDER) {
      const pending = rows[table];
      while (pending.length >= batchSize || (force && pending.length > 0)) {
        const batch = pending.splice(0, batchSize);
        counts[table] += batch.length;
        await sink.write(table, batch);
      }
    }
  };

  const ownerIds = Array.from({ length: Math.min(50, Math.max(2, Math.ceil(options.size / 5000))) }, (_, i) => {
    const id = seededUuidV7(asOfMs - 400 * DAY_MS, random);
    rows.users.push([workspaceId, id, `rep${i + 1}@example-saas.com`, `Sales Rep ${i + 1}`, 'member', new Date(asOfMs - 400 * DAY_MS).toISOString()]);
    return id;
  });

  const companies = generateCompanies(Math.max(1, Math.round(options.size / 15)), random);
  const companyIds = companies.map(() => seededUuidV7(asOfMs - (365 + 200 * random()) * DAY_MS, random));
  const companyStage = new Int8Array(companies.length).fill(-1);
  const activeCustomer = new Uint8Array(companies.length);
  const links: CompanyLink[] = companies.map((company, i) => ({
    id: companyIds[i]!,
    name: company.name,
    employees: company.employees,
    rollUp: (stage, active) => {
      companyStage[i] = Math.max(companyStage[i]!, stage);
      if (active) activeCustomer[i] = 1;
    },
  }));
  const companyRank = zipfRanks(companies.length, 1.05);

  const ctx: JourneyContext = { workspaceId, random, touches: touchTemplates(), asOfMs, eventsPerContact: options.eventsPerContact ?? 10, ownerIds, rows };
  const usedEmails = new Set<string>();
  let duplicates = 0;
  for (let done = 0; done < options.size; done += chunkSize) {
    const size = Math.min(chunkSize, options.size - done);
    const population = generatePopulation(size, duplicateRate, Math.floor(random() * 2 ** 32));
    const originalOf = originalsOf(population.truePairs);
    const employer = new Map<string, number>();
    const employerOf = (person: SyntheticPerson): number | null => {
      const key = originalOf.get(person.id) ?? person.id;
      const domain = person.email?.split('@')[1];
      if (!employer.has(key)) employer.set(key, domain && !isFreeMailDomain(domain) ? companyRank.pick(random) : -1);
      const rank = employer.get(key)!;
      return rank < 0 || (person.company === null && person.email === null) ? null : rank;
    };
    // Originals first, so each duplicate works where its original does.
    const ordered = [...population.records].sort((a, b) => (a.id[0] === b.id[0] ? 0 : a.id[0] === 'p' ? -1 : 1));
    for (const person of ordered) {
      if (person.id.startsWith('d')) duplicates++;
      const rank = employerOf(person);
      const company = rank === null ? null : companies[rank]!;
      const [local, domain] = person.email?.split('@') ?? [];
      const email = person.email === null ? null : company && domain && !isFreeMailDomain(domain) ? `${local}@${company.domain}` : person.email;
      pushJourney(ctx, { ...person, email: uniqueEmail(email, usedEmails, random) }, rank === null ? null : links[rank]!);
    }
    await drain(false);
    options.onProgress?.(done + size);
  }

  const nowIso = new Date(asOfMs).toISOString();
  rows.companies = companies.map((company, i): Cell[] => {
    const stage = companyStage[i]!;
    return [
      workspaceId, companyIds[i]!, company.name, company.domain, company.industry, company.employees, company.employees * 180_000 * 100,
      company.country, company.city, stage < 0 ? null : PATH[stage]!, stage >= 5 ? (activeCustomer[i] ? 'active' : 'inactive') : null,
      null, new Date(Number.parseInt(companyIds[i]!.replace('-', '').slice(0, 12), 16)).toISOString(), nowIso,
    ];
  });
  await drain(true);
  await sink.flush();
  return { rows: counts, duplicates, seconds: (performance.now() - started) / 1000 };
};
