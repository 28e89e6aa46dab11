// The filter as one boolean SQL expression over one contact row (PostgreSQL 15 subset, also PGlite), for lists
// and bulk re-evaluation. It follows the semantics written at the top of predicate.ts: both compilers evaluate
// the same normal form (condition-test.ts) and read stored values by the same rules (values.ts).
//
// Every value, every JSON key and the instant `now` go in parameters; column names come only from the standard
// field lists. Each condition yields true or false, never NULL, so NOT and OR keep two-valued logic.

import type { ComparisonOp, EventCondition, EventPropertyFilter, Filter, PropertyCondition } from './filter.ts';
import { dateTest, propertyTest, type ConditionTest, type ValueTest } from './condition-test.ts';
import { foldTree, isEventCondition, type TreeFold } from './filter-tree.ts';
import { resolveEventProperty, resolveProperty, type PropertySource, type PropertyTypes } from './property-source.ts';
import { INSTANT_PATTERN, NUMERIC_PATTERN, spanStart, type Storage, type ValueKind } from './values.ts';

export type FilterSqlContext = {
  /** The alias of the `contacts` row the expression reads, e.g. `c`. */
  contactAlias: string;
  /** The number of the first parameter the expression may use (`$firstParam`, `$firstParam + 1`, …). */
  firstParam: number;
  /** The instant the filter is evaluated at; it is passed as a parameter, never read from the database clock. */
  now: Date;
  /** Declared types of custom properties; pass the same to compilePredicate so both compare alike. */
  customTypes?: PropertyTypes;
  /**
   * The workspace of the contacts, when the caller knows it: event and company subqueries then name it as a
   * constant, so PostgreSQL can plan them as one pass over that workspace's rows (a hashed subplan)
   * instead of over every workspace's.
   */
  workspaceId?: string;
  /**
   * The alias of the contact's company row when the query already joins it (`LEFT JOIN companies co ON
   * co.workspace_id = c.workspace_id AND co.id = c.company_id`): company conditions then read that row instead of
   * a subquery each. A query over a batch of contacts otherwise gets one hashed subplan per condition, each a scan
   * of the workspace's companies.
   */
  companyAlias?: string;
};

/** `sql` is a boolean expression; `params` are the values of `$firstParam` onward, in order. */
export type FilterSql = { sql: string; params: unknown[] };

/** A value as SQL sees it: an expression and how it is stored. Text columns that hold uuids are cast to text. */
type Access = { expr: string; storage: Storage };

type Builder = {
  param: (value: unknown, type: string) => string;
  /** The `now` parameter, added on first use. */
  now: () => string;
  nowMs: number;
  alias: string;
  types: PropertyTypes;
  /** The workspace_id the subqueries compare with: the row's own, or a parameter. */
  workspace: () => string;
  companyAlias: string | undefined;
};

const ALIAS = /^[a-z_][a-z0-9_]*$/i;
const UUID_COLUMNS = new Set(['id', 'companyId', 'ownerId']);
const OPERATORS: Record<ComparisonOp, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const SQL_TYPES: Record<ValueKind, string> = { text: 'text', number: 'float8', boolean: 'boolean', instant: 'timestamptz' };

const column = (field: string): string => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

// toISOString writes years past 9999 as "+010000-…", which PostgreSQL does not read.
export const instantText = (ms: number): string => {
  const iso = new Date(ms).toISOString();
  return iso.startsWith('+') ? `${iso.slice(1, iso.indexOf('T'))} ${iso.slice(iso.indexOf('T') + 1, -1)}+00` : iso;
};

const sqlOperand = (kind: ValueKind, operand: string | number | boolean): unknown =>
  kind === 'instant' ? instantText(Number(operand)) : operand;

const jsonText = (expr: string): string => `(${expr} #>> '{}')`;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Text in INSTANT_PATTERN form as timestamptz, else NULL; CASE keeps the cast from ever seeing bad text. */
const instantOfText = (text: string): string =>
  `CASE WHEN ${text} ~ '${INSTANT_PATTERN}' THEN CASE WHEN substr(${text}, 9, 2)::int <= ` +
  `extract(day from (substr(${text}, 1, 7) || '-01')::date + interval '1 month - 1 day') THEN ` +
  `(CASE WHEN length(${text}) = 10 THEN ${text} || 'T00:00:00Z' ` +
  `WHEN ${text} ~ '(Z|[+-][0-9]{2}(:?[0-9]{2})?)$' THEN ${text} ELSE ${text} || 'Z' END)::timestamptz END END`;

const numberOfText = (text: string): string => `CASE WHEN ${text} ~ '${NUMERIC_PATTERN}' THEN (${text})::float8 END`;

const booleanOfText = (text: string): string =>
  `CASE lower(${text} COLLATE "C") WHEN 'true' THEN true WHEN 'false' THEN false END`;

/**
 * The value read as `kind` (values.ts rules), or null when this storage never holds that kind. Text columns
 * are standard string fields, which compare as numbers or booleans never; they may still hold an instant.
 */
const read = (kind: ValueKind, { expr, storage }: Access): string | null => {
  switch (kind) {
    case 'text':
      if (storage === 'text') return `lower(NULLIF(${expr}, '') COLLATE "C")`;
      if (storage === 'json')
        return `lower(CASE WHEN jsonb_typeof(${expr}) = 'string' THEN NULLIF(${jsonText(expr)}, '') END COLLATE "C")`;
      return null;
    case 'number':
      if (storage === 'number') return `(${expr})::float8`;
      if (storage === 'json')
        return `CASE jsonb_typeof(${expr}) WHEN 'number' THEN (${expr})::float8 WHEN 'string' THEN ${numberOfText(jsonText(expr))} END`;
      return null;
    case 'boolean':
      if (storage === 'json')
        return `CASE jsonb_typeof(${expr}) WHEN 'boolean' THEN (${expr})::boolean WHEN 'string' THEN ${booleanOfText(jsonText(expr))} END`;
      return null;
    case 'instant':
      if (storage === 'instant') return expr;
      // Only a JSON string can spell an instant, so the text of any JSON value may be tried.
      if (storage === 'text' || storage === 'json') return instantOfText(storage === 'json' ? jsonText(expr) : expr);
      return null;
  }
};

const present = ({ expr, storage }: Access): string => {
  if (storage === 'text') return `(${expr} <> '')`;
  if (storage === 'json') return `(jsonb_typeof(${expr}) <> 'null' AND ${expr} <> '""'::jsonb)`;
  return `(${expr} IS NOT NULL)`;
};

const MATCH_PATTERNS = {
  contains: (text: string) => `%${escapeLike(text)}%`,
  starts_with: (text: string) => `${escapeLike(text)}%`,
  ends_with: (text: string) => `%${escapeLike(text)}`,
};

const valueTestSql = (test: ValueTest, access: Access, b: Builder): string => {
  if (test.test === 'present') return present(access);
  if (test.test === 'match') {
    const text = read('text', access);
    return text === null ? 'false' : `(${text} LIKE ${b.param(MATCH_PATTERNS[test.mode](test.text), 'text')} ESCAPE '\\')`;
  }
  if (test.test === 'compare' || test.test === 'one_of') {
    const value = read(test.kind, access);
    if (value === null) return 'false';
    const left = test.kind === 'text' ? `${value} COLLATE "C"` : value;
    return test.test === 'compare'
      ? `(${left} ${OPERATORS[test.op]} ${b.param(sqlOperand(test.kind, test.operand), SQL_TYPES[test.kind])})`
      : `(${left} = ANY(${b.param(
          test.operands.map((operand) => sqlOperand(test.kind, operand)),
          `${SQL_TYPES[test.kind]}[]`,
        )}))`;
  }
  const at = read('instant', access);
  if (at === null) return 'false';
  const instant = (ms: number) => b.param(instantText(ms), 'timestamptz');
  switch (test.test) {
    case 'range':
      return `(${at} >= ${instant(test.from)} AND ${at} ${test.toInclusive ? '<=' : '<'} ${instant(test.to)})`;
    case 'recent':
      return `(${at} >= ${instant(spanStart(b.nowMs, test.span))} AND ${at} <= ${b.now()})`;
    case 'older':
      return `(${at} < ${instant(spanStart(b.nowMs, test.span))})`;
  }
};

const anyOfSql = (tests: ValueTest[], access: Access, b: Builder): string =>
  tests.length === 0 ? 'false' : `(${tests.map((test) => valueTestSql(test, access, b)).join(' OR ')})`;

/** The positive form of a condition over one value; a JSON array passes when one of its elements does. */
const positiveSql = (condition: ConditionTest, access: Access, b: Builder): string => {
  if (access.storage !== 'json' || condition.anyOf.length === 0) return anyOfSql(condition.anyOf, access, b);
  const item = `${b.alias}_item`;
  const element: Access = { expr: `${item}.value`, storage: 'json' };
  return (
    `CASE WHEN jsonb_typeof(${access.expr}) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(${access.expr}) ` +
    `AS ${item}(value) WHERE ${anyOfSql(condition.anyOf, element, b)}) ELSE ${anyOfSql(condition.anyOf, access, b)} END`
  );
};

const negated = (condition: ConditionTest, positive: string): string => (condition.negate ? `(NOT ${positive})` : positive);

const accessOf = (source: PropertySource, table: string, b: Builder): Access => {
  if ('key' in source) return { expr: `(${table}.properties -> ${b.param(source.key, 'text')})`, storage: 'json' };
  const cast = source.owner === 'contact' && UUID_COLUMNS.has(source.field) ? '::text' : '';
  return { expr: `${table}.${column(source.field)}${cast}`, storage: source.storage };
};

const propertySql = (condition: PropertyCondition, b: Builder): string => {
  const source = resolveProperty(condition.property, b.types);
  const test = propertyTest(condition, source.declared);
  if (source.owner === 'contact') return negated(test, `COALESCE(${positiveSql(test, accessOf(source, b.alias, b), b)}, false)`);
  if (b.companyAlias !== undefined) {
    const joined = b.companyAlias;
    return negated(test, `COALESCE(${joined}.id IS NOT NULL AND ${positiveSql(test, accessOf(source, joined, b), b)}, false)`);
  }
  const company = `${b.alias}_company`;
  return negated(
    test,
    `EXISTS (SELECT 1 FROM companies ${company} WHERE ${company}.workspace_id = ${b.workspace()} ` +
      `AND ${company}.id = ${b.alias}.company_id AND ${positiveSql(test, accessOf(source, company, b), b)})`,
  );
};

const groups = <Leaf>(leaf: (leaf: Leaf) => string): TreeFold<Leaf, string> => ({
  all: (parts) => (parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`),
  any: (parts) => (parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`),
  not: (part) => `(NOT ${part})`,
  leaf,
});

const eventPropertySql =
  (event: string, b: Builder) =>
  (condition: PropertyCondition): string => {
    const source = resolveEventProperty(condition.property);
    const test = propertyTest(condition, source.declared);
    const access: Access =
      'key' in source
        ? { expr: `(${event}.properties -> ${b.param(source.key, 'text')})`, storage: 'json' }
        : { expr: `${event}.occurred_at`, storage: 'instant' };
    return negated(test, `COALESCE(${positiveSql(test, access, b)}, false)`);
  };

const whereSql = (where: EventPropertyFilter, event: string, b: Builder): string =>
  foldTree(where, groups<PropertyCondition>(eventPropertySql(event, b)));

const eventSql = (condition: EventCondition, b: Builder): string => {
  const event = `${b.alias}_event`;
  const filters = [
    `${event}.workspace_id = ${b.workspace()}`,
    `${event}.contact_id = ${b.alias}.id`,
    `${event}.type = ${b.param(condition.event, 'text')}`,
    `${event}.occurred_at <= ${b.now()}`,
    ...(condition.within
      ? [`${event}.occurred_at >= ${b.param(instantText(spanStart(b.nowMs, condition.within)), 'timestamptz')}`]
      : []),
    ...(condition.where ? [whereSql(condition.where, event, b)] : []),
  ];
  const from = `FROM events ${event} WHERE ${filters.join(' AND ')}`;
  const { count } = condition;
  if (count) return `((SELECT count(*) ${from}) ${OPERATORS[count.op]} ${b.param(count.value, 'float8')})`;
  const test = condition.first ?? condition.last;
  if (!test) return `EXISTS (SELECT 1 ${from})`;
  const at = `(SELECT ${condition.first ? 'min' : 'max'}(${event}.occurred_at) ${from})`;
  return `COALESCE(${anyOfSql(dateTest(test), { expr: at, storage: 'instant' }, b)}, false)`;
};

// Parameters are numbered once the text is complete: PostgreSQL refuses a parameter the text never uses, and a
// condition that can never hold drops the values it would have compared.
const PLACEHOLDER = '$#';
const placeholders = /\$#(\d+)\$#/g;

const numberParams = (draft: string, values: unknown[], firstParam: number): FilterSql => {
  const numbers = new Map<number, number>();
  const params: unknown[] = [];
  const sql = draft.replace(placeholders, (_, index: string) => {
    const draftIndex = Number(index);
    let number = numbers.get(draftIndex);
    if (number === undefined) {
      number = firstParam + params.length;
      numbers.set(draftIndex, number);
      params.push(values[draftIndex]);
    }
    return `$${number}`;
  });
  return { sql, params };
};

/** Compiles with a fresh builder over the row `alias`; `draft` writes the expression with the builder's placeholders. */
const compile = (alias: string, label: string, ctx: Omit<FilterSqlContext, 'contactAlias'>, draft: (b: Builder) => string): FilterSql => {
  if (!ALIAS.test(alias)) throw new Error(`${label} must be a plain SQL identifier, not "${alias}"`);
  if (ctx.companyAlias !== undefined && !ALIAS.test(ctx.companyAlias)) throw new Error(`companyAlias must be a plain SQL identifier, not "${ctx.companyAlias}"`);
  if (!Number.isInteger(ctx.firstParam) || ctx.firstParam < 1) throw new Error('firstParam must be a positive integer');
  const values: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    values.push(value);
    return `${PLACEHOLDER}${values.length - 1}${PLACEHOLDER}::${type}`;
  };
  let now: string | undefined;
  let workspace: string | undefined;
  const b: Builder = {
    param,
    now: () => (now ??= param(instantText(ctx.now.getTime()), 'timestamptz')),
    nowMs: ctx.now.getTime(),
    alias,
    types: ctx.customTypes ?? {},
    workspace: () => (ctx.workspaceId === undefined ? `${alias}.workspace_id` : (workspace ??= param(ctx.workspaceId, 'uuid'))),
    companyAlias: ctx.companyAlias,
  };
  return numberParams(draft(b), values, ctx.firstParam);
};

/**
 * Compiles a filter to a boolean expression over the contact row `ctx.contactAlias`, e.g.
 * `SELECT id FROM contacts c WHERE c.workspace_id = $1 AND (${sql})` with `firstParam: 2`.
 */
export const compileFilterSql = (filter: Filter, ctx: FilterSqlContext): FilterSql =>
  compile(ctx.contactAlias, 'contactAlias', ctx, (b) =>
    foldTree(filter, groups<PropertyCondition | EventCondition>((leaf) => (isEventCondition(leaf) ? eventSql(leaf, b) : propertySql(leaf, b)))),
  );

/**
 * Compiles an event condition's `where` to a boolean expression over one `events` row `eventAlias`, with the
 * same semantics as inside an event condition: what engagement rules use to pick their events in bulk.
 */
export const compileEventWhereSql = (where: EventPropertyFilter, ctx: { eventAlias: string; firstParam: number; now: Date; workspaceId?: string }): FilterSql =>
  compile(ctx.eventAlias, 'eventAlias', ctx, (b) => whereSql(where, ctx.eventAlias, b));
