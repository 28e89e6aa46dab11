// The SQL compiler and the predicate must select the same contacts. Random filters (every operator, nested
// groups, standard, custom and company properties, event aggregates) run against random contacts stored in
// a real database; for each filter, the ids SQL selects must equal the ids the predicate accepts.

import fc from 'fast-check';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestWorkspace, openTestDatabase } from '../../../test/databases.ts';
import type { Database } from '../../store/database.ts';
import type { Company, Contact } from '../contact.ts';
import type { ContactEvent, EventType } from '../event.ts';
import type {
  ComparisonOp,
  ContactView,
  DateTest,
  DurationUnit,
  EventCondition,
  EventPropertyFilter,
  Filter,
  PropertyCondition,
  RelativeDuration,
  Scalar,
} from './filter.ts';
import { compilePredicate } from './predicate.ts';
import type { PropertyTypes } from './property-source.ts';
import { compileFilterSql } from './sql.ts';
import { spanStart } from './values.ts';

const NOWS = ['2024-03-31T12:00:00.000Z', '2024-02-29T23:59:59.999Z', '2023-01-01T00:00:00.000Z'].map((iso) => new Date(iso));
const AMOUNTS = [1, 2, 7, 30];
const UNITS: DurationUnit[] = ['minutes', 'hours', 'days', 'weeks', 'months'];
const CUSTOM_TYPES: PropertyTypes = { seats: 'number', signup: 'datetime', trial: 'boolean', tags: 'multi_enum', 'company.tier': 'string' };
const EVENT_TYPES: EventType[] = ['page_view', 'form_submitted', 'custom:demo'];
const OWNERS = ['0190b2a4-6c1d-7000-8000-00000000000a', '0190b2a4-6c1d-7000-8000-00000000000b'];
const DAY = 86_400_000;

// Boundaries of every window a filter can name, so inclusive / exclusive ends are really exercised.
const EDGES = NOWS.flatMap((now) =>
  UNITS.flatMap((unit) =>
    AMOUNTS.flatMap((amount) => {
      const start = spanStart(now.getTime(), { amount, unit });
      return [start - 1, start, start + 1];
    }),
  ).concat([now.getTime(), now.getTime() + 1, now.getTime() - 1]),
);

// A few instants that values and bounds share often, so equal ends of ranges meet (a day's first and last ms).
const LANDMARKS = ['2024-03-01T00:00:00.000Z', '2024-03-01T23:59:59.999Z', '2024-03-02T00:00:00.000Z', '2024-03-24T12:00:00.000Z'].map(
  (iso) => Date.parse(iso),
);
const instant = fc.oneof(
  fc.constantFrom(...LANDMARKS),
  fc.constantFrom(...EDGES),
  fc.integer({ min: Date.UTC(2022, 0, 1), max: Date.UTC(2024, 5, 30) }),
);
const pad = (n: number) => String(n).padStart(2, '0');
// Date-times written the many ways imports write them, plus strings that only look like dates.
const dateText = fc.oneof(
  instant.map((ms) => new Date(ms).toISOString()),
  instant.map((ms) => new Date(ms).toISOString().slice(0, 10)),
  instant.map((ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')),
  instant.map((ms) => `${new Date(ms).toISOString().slice(0, 19)}+05:30`),
  instant.map((ms) => `${new Date(ms).toISOString().slice(0, 21)}-0800`),
  instant.map((ms) => `${new Date(ms).toISOString().slice(0, 13)}:${pad(new Date(ms).getUTCMinutes())}+02`),
  fc.constantFrom('2024-02-30', '2023-02-29T10:00:00Z', '2024-13-01', '2024-1-1', '24-01-01', '2024-03-30T25:00', '2024-03-30t10:00z', '2024-03-31T10:00:00.1234Z'),
);
// Each theme gets an equal share: case and non-ASCII letters, LIKE metacharacters, numbers and booleans
// written as text, blank and unusual strings, and short random strings over a troublesome alphabet.
const text = fc.oneof(
  fc.constantFrom('VP Sales', 'vp sales', 'Vp', 'Émile', 'émile', 'ÉMILE', 'straße', 'STRASSE', 'CTO', 'cto'),
  fc.constantFrom('50%_off', '%', '_', 'a\\b', '\\', '_off', '50%'),
  fc.constantFrom('250', '-1.5', '007', '1e3', '200', 'true', 'FALSE', 'yes'),
  fc.constantFrom('', ' ', '日本', '😀', '\uFFFD', '/pricing', '/PRICING/plans', 'US', 'us', OWNERS[0]!, OWNERS[1]!.toUpperCase()),
  fc.string({ unit: fc.constantFrom('a', 'A', 'b', '%', '_', '\\', 'é', 'É', '1', '-', ' '), maxLength: 4 }),
);
const numberValue = fc.oneof(fc.constantFrom(0, 1, -1, 2.5, 200, 250, 0.1, 0.30000000000000004, 1e21, -7e-7), fc.integer({ min: -300, max: 300 }));
const scalar: fc.Arbitrary<Scalar> = fc.oneof(text, numberValue, fc.boolean(), dateText);
const jsonScalar = fc.oneof(scalar, fc.constantFrom('250', '-1.5', '007', '0.1', 'TRUE', 'false'), fc.constant(null));
const jsonValue = fc.oneof(
  { weight: 4, arbitrary: jsonScalar },
  { weight: 1, arbitrary: fc.array(jsonScalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.array(text, { maxLength: 1 }), { maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constant({ nested: 'VP' }) },
);
const CUSTOM_KEYS = ['seats', 'signup', 'trial', 'tags', 'plan', 'note', 'constructor'];
const properties = fc.dictionary(fc.constantFrom(...CUSTOM_KEYS), jsonValue, { maxKeys: 5 });
const iso = instant.map((ms) => new Date(ms).toISOString());
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 3 });

const companyArb = (index: number): fc.Arbitrary<Company> =>
  fc.record({
    id: fc.constant(v7()),
    name: text,
    domain: fc.constantFrom(`c${index}.example`, null),
    industry: optional(text),
    employees: optional(fc.integer({ min: -5, max: 5000 })),
    annualRevenue: optional(fc.integer({ min: 0, max: 2 ** 50 })),
    country: optional(text),
    city: optional(text),
    lifecycleStage: optional(fc.constantFrom('customer', 'Customer', 'lead')),
    customerStatus: optional(fc.constantFrom('active', 'inactive')),
    ownerId: optional(fc.constantFrom(...OWNERS)),
    properties: fc.dictionary(fc.constantFrom('tier', 'size', 'tags'), jsonValue, { maxKeys: 3 }),
    createdAt: iso,
    updatedAt: iso,
  });

const eventArb: fc.Arbitrary<ContactEvent> = fc.record({
  id: fc.constant('').map(() => v7()),
  type: fc.constantFrom(...EVENT_TYPES),
  occurredAt: iso,
  properties: fc.dictionary(fc.constantFrom('url', 'n', 'flag', 'occurredAt'), jsonValue, { maxKeys: 3 }),
});

const contactArb = (index: number, companyIds: string[]) =>
  fc.record({
    contact: fc.record({
      id: fc.constant(v7()),
      email: fc.constantFrom(`person${index}@example.com`, null),
      firstName: optional(text),
      lastName: optional(text),
      phone: optional(text),
      jobTitle: optional(text),
      country: optional(text),
      city: optional(text),
      // Some contacts point at a company that does not exist: to both sides that is no company.
      companyId: optional(fc.constantFrom(...companyIds, '0190b2a4-6c1d-7000-8000-0000000000ff')),
      ownerId: optional(fc.constantFrom(...OWNERS)),
      lifecycleStage: optional(fc.constantFrom('lead', 'Lead', 'marketing_qualified')),
      leadStatus: optional(text),
      customerStatus: optional(fc.constantFrom('active', 'inactive')),
      stageEnteredAt: optional(iso),
      fitScore: numberValue,
      engagementScore: fc.integer({ min: -50, max: 150 }),
      originalSource: fc.constant(null),
      latestSource: fc.constant(null),
      properties,
      createdAt: iso,
      updatedAt: iso,
    }) satisfies fc.Arbitrary<Contact>,
    events: fc.array(eventArb, { maxLength: 6 }),
  });

// Standard contact fields, company fields (standard and custom) and custom contact properties in equal shares.
const propertyName = fc.oneof(
  fc.constantFrom('jobTitle', 'fitScore', 'createdAt', 'country', 'stageEnteredAt', 'engagementScore', 'ownerId', 'email', 'id', 'lifecycleStage'),
  fc.constantFrom('company.name', 'company.employees', 'company.tier', 'company.createdAt', 'company.size', 'company.annualRevenue', 'company.tags', 'company.lifecycleStage', 'company.missing'),
  fc.constantFrom(...CUSTOM_KEYS, 'missing', 'originalSource', "it's; DROP TABLE contacts"),
);
const duration: fc.Arbitrary<RelativeDuration> = fc.record({ amount: fc.constantFrom(...AMOUNTS), unit: fc.constantFrom(...UNITS) });
const comparisonOp = fc.constantFrom<ComparisonOp>('eq', 'neq', 'gt', 'gte', 'lt', 'lte');

const propertyConditionOn = (property: fc.Arbitrary<string>): fc.Arbitrary<PropertyCondition> => {
  return fc.oneof(
    fc.record({ property, op: comparisonOp, value: scalar }),
    fc.record({ property, op: fc.constantFrom('in' as const, 'not_in' as const), value: fc.array(scalar, { maxLength: 4 }) }),
    fc.record({
      property,
      op: fc.constantFrom('contains' as const, 'not_contains' as const, 'starts_with' as const, 'ends_with' as const),
      value: text,
    }),
    fc.record({ property, op: fc.constantFrom('exists' as const, 'not_exists' as const) }),
    fc.record({ property, op: fc.constant('between' as const), value: fc.tuple(dateText, dateText) }),
    fc.record({ property, op: fc.constantFrom('within_last' as const, 'more_than_ago' as const), value: duration }),
  );
};

const groupsOf = <Leaf>(leaf: fc.Arbitrary<Leaf>) =>
  fc.letrec<{ tree: Leaf | { all: unknown[] } | { any: unknown[] } | { not: unknown } }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      { weight: 4, arbitrary: leaf },
      { weight: 1, arbitrary: fc.record({ all: fc.array(tie('tree'), { maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ any: fc.array(tie('tree'), { maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ not: tie('tree') }) },
    ),
  })).tree;

const dateTestArb: fc.Arbitrary<DateTest> = fc.oneof(
  fc.record({ op: fc.constantFrom('within_last' as const, 'more_than_ago' as const), value: duration }),
  fc.record({ op: fc.constant('between' as const), value: fc.tuple(dateText, dateText) }),
  fc.record({ op: comparisonOp, value: dateText }),
);

const eventConditionArb: fc.Arbitrary<EventCondition> = fc
  .record(
    {
      event: fc.constantFrom<string>(...EVENT_TYPES),
      where: groupsOf(propertyConditionOn(fc.constantFrom('url', 'n', 'flag', 'occurredAt', 'missing'))) as fc.Arbitrary<EventPropertyFilter>,
      within: duration,
      aggregate: fc.oneof(
        fc.constant({}),
        fc.record({ count: fc.record({ op: comparisonOp, value: fc.integer({ min: 0, max: 4 }) }) }),
        fc.record({ first: dateTestArb }),
        fc.record({ last: dateTestArb }),
      ),
    },
    { requiredKeys: ['event', 'aggregate'] },
  )
  .map(({ aggregate, ...condition }) => ({ ...condition, ...aggregate }));

const filterArb = groupsOf(fc.oneof({ weight: 3, arbitrary: propertyConditionOn(propertyName) }, { weight: 1, arbitrary: eventConditionArb })) as fc.Arbitrary<Filter>;

// Time conditions only, with bounds drawn from the instants the population holds most often.
const landmarkText = fc.constantFrom(...LANDMARKS).map((ms) => new Date(ms).toISOString());
const timeFilterArb: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    property: fc.constantFrom('createdAt', 'stageEnteredAt', 'signup', 'company.createdAt', 'note'),
    op: fc.constant('between' as const),
    value: fc.tuple(fc.oneof(landmarkText, dateText), fc.oneof(landmarkText, dateText)),
  }),
  fc.record({ property: fc.constantFrom('createdAt', 'signup', 'plan'), op: comparisonOp, value: fc.oneof(landmarkText, dateText) }),
  fc.record({
    event: fc.constantFrom<string>(...EVENT_TYPES),
    last: fc.oneof(fc.record({ op: comparisonOp, value: landmarkText }), dateTestArb),
  }),
  fc.record({ event: fc.constantFrom<string>(...EVENT_TYPES), within: duration }),
);

type Case = { filter: Filter; now: Date };
const caseArb: fc.Arbitrary<Case> = fc.record({ filter: filterArb, now: fc.constantFrom(...NOWS) });

const insertPopulation = async (db: Database, workspaceId: string, companies: Company[], views: ContactView[]) => {
  await db.query(
    `INSERT INTO companies (workspace_id, id, name, domain, industry, employees, annual_revenue, country, city,
       lifecycle_stage, customer_status, owner_id, properties, created_at, updated_at)
     SELECT $1, r.* FROM json_to_recordset($2::json) AS r(id uuid, name text, domain text, industry text,
       employees integer, "annualRevenue" bigint, country text, city text, "lifecycleStage" text,
       "customerStatus" text, "ownerId" uuid, properties jsonb, "createdAt" timestamptz, "updatedAt" timestamptz)`,
    [workspaceId, JSON.stringify(companies)],
  );
  await db.query(
    `INSERT INTO contacts (workspace_id, id, email, first_name, last_name, phone, job_title, country, city, company_id,
       owner_id, lifecycle_stage, lead_status, customer_status, stage_entered_at, fit_score, engagement_score,
       properties, created_at, updated_at)
     SELECT $1, r.* FROM json_to_recordset($2::json) AS r(id uuid, email text, "firstName" text, "lastName" text,
       phone text, "jobTitle" text, country text, city text, "companyId" uuid, "ownerId" uuid, "lifecycleStage" text,
       "leadStatus" text, "customerStatus" text, "stageEnteredAt" timestamptz, "fitScore" float8,
       "engagementScore" float8, properties jsonb, "createdAt" timestamptz, "updatedAt" timestamptz)`,
    [workspaceId, JSON.stringify(views.map((view) => view.contact))],
  );
  const events = views.flatMap((view) => view.events.map((event) => ({ ...event, contactId: view.contact.id })));
  await db.query(
    `INSERT INTO events (workspace_id, id, contact_id, type, occurred_at, properties)
     SELECT $1, r.id, r."contactId", r.type, r."occurredAt", r.properties FROM json_to_recordset($2::json)
       AS r(id uuid, "contactId" uuid, type text, "occurredAt" timestamptz, properties jsonb)`,
    [workspaceId, JSON.stringify(events)],
  );
};

const population = (seed: number) => {
  const companies = fc.sample(fc.tuple(...Array.from({ length: 30 }, (_, i) => companyArb(i))), { numRuns: 1, seed })[0]!;
  const contacts = fc.sample(fc.tuple(...Array.from({ length: 250 }, (_, i) => contactArb(i, companies.map((c) => c.id)))), {
    numRuns: 1,
    seed,
  })[0]!;
  const views: ContactView[] = contacts.map(({ contact, events }) => ({
    contact,
    company: companies.find((company) => company.id === contact.companyId) ?? null,
    events,
  }));
  return { companies, views };
};

describe.each(backends)('filter SQL agrees with the predicate on %s', (kind) => {
  let db: Database;
  let workspaceId: string;
  const seed = Date.now() ^ (Math.random() * 2 ** 31);
  const { companies, views } = population(seed);

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    // Neither side may depend on the session time zone; PGlite's database is this test's own, so skew it.
    if (kind === 'pglite') await db.exec(`SET TIME ZONE 'Pacific/Chatham'`);
    workspaceId = await createTestWorkspace(db);
    await insertPopulation(db, workspaceId, companies, views);
  });
  afterAll(() => db.close());

  const selectedBySql = async (filter: Filter, now: Date): Promise<string[]> => {
    const { sql, params } = compileFilterSql(filter, { contactAlias: 'c', firstParam: 2, now, customTypes: CUSTOM_TYPES });
    const rows = await db.query<{ id: string }>(
      `SELECT c.id FROM contacts c WHERE c.workspace_id = $1 AND (${sql}) ORDER BY c.id`,
      [workspaceId, ...params],
    );
    return rows.map((row) => row.id);
  };

  // Many filters in one statement, one column each, so thousands of filters cost a few dozen scans.
  const selectedBySqlTogether = async (cases: Case[]): Promise<string[][]> => {
    const params: unknown[] = [workspaceId];
    const columns = cases.map(({ filter, now }, index) => {
      // Every other filter names the workspace as a constant in its subqueries, as bulk callers do, and every
      // third reads company conditions from the joined company row, as the bulk scorer does.
      const compiled = compileFilterSql(filter, {
        contactAlias: 'c',
        firstParam: params.length + 1,
        now,
        customTypes: CUSTOM_TYPES,
        ...(index % 2 === 1 ? { workspaceId } : {}),
        ...(index % 3 === 2 ? { companyAlias: 'co' } : {}),
      });
      params.push(...compiled.params);
      return `(${compiled.sql}) AS f${index}`;
    });
    const rows = await db.query(
      `SELECT c.id, ${columns.join(', ')} FROM contacts c LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id
        WHERE c.workspace_id = $1 ORDER BY c.id`,
      params,
    );
    return cases.map((_, index) => {
      // Never NULL: a NULL would turn into the wrong answer under NOT in a caller's larger expression.
      expect(rows.every((row) => typeof row[`f${index}`] === 'boolean')).toBe(true);
      return rows.filter((row) => row[`f${index}`] === true).map((row) => String(row.id));
    });
  };

  const acceptedByPredicate = (filter: Filter, now: Date): string[] => {
    const predicate = compilePredicate(filter, { customTypes: CUSTOM_TYPES });
    return views
      .filter((view) => predicate(view, now))
      .map((view) => view.contact.id)
      .sort();
  };

  it(`selects the same contacts for random filters (population seed ${seed})`, async () => {
    let selections = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 40, size: 'max' }), async (cases) => {
        const bySql = await selectedBySqlTogether(cases);
        cases.forEach(({ filter, now }, index) => {
          selections += bySql[index]!.length;
          expect({ filter, now, ids: bySql[index] }).toEqual({ filter, now, ids: acceptedByPredicate(filter, now) });
        });
      }),
      { numRuns: 40 },
    );
    // Filters that select nobody would agree trivially; the population must give them something to find.
    expect(selections).toBeGreaterThan(40 * 20 * 10);
  });

  it('agrees at the exact ends of ranges and windows', async () => {
    await fc.assert(
      fc.asyncProperty(timeFilterArb, fc.constantFrom(...NOWS), async (filter, now) => {
        expect(await selectedBySql(filter, now)).toEqual(acceptedByPredicate(filter, now));
      }),
      { numRuns: 100 },
    );
  });
});

describe('compileFilterSql', () => {
  const now = NOWS[0]!;

  it('keeps values, keys and now out of the SQL text', () => {
    const { sql, params } = compileFilterSql(
      { all: [{ property: "x'); DROP TABLE contacts; --", op: 'eq', value: "'; DELETE FROM events; --" }, { event: 'page_view', within: { amount: 7, unit: 'days' } }] },
      { contactAlias: 'c', firstParam: 3, now },
    );
    expect(sql).not.toMatch(/DROP|DELETE|2024/);
    expect(new Set(params)).toEqual(
      new Set(["x'); DROP TABLE contacts; --", "'; delete from events; --", 'page_view', now.toISOString(), '2024-03-24T12:00:00.000Z']),
    );
    expect(sql).toContain('$3::text');
    expect(sql).not.toMatch(/\$(1|2|9)\b/);
  });

  it('numbers only the parameters it uses', () => {
    // A date test that can never hold compiles to false and leaves nothing for the caller to bind.
    expect(compileFilterSql({ event: 'page_view', last: { op: 'eq', value: 'not a date' } }, { contactAlias: 'c', firstParam: 2, now })).toEqual({
      sql: 'COALESCE(false, false)',
      params: [],
    });
  });

  it('refuses an alias that is not a plain identifier', () => {
    expect(() => compileFilterSql({ all: [] }, { contactAlias: 'c; DROP TABLE x', firstParam: 1, now })).toThrow('contactAlias');
  });
});
