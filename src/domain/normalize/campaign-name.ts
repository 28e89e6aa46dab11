/** How one `{token}` of a naming pattern may be filled: a fixed vocabulary or a regular expression. */
export type CampaignNameToken = { values: readonly string[] } | { regex: string; description?: string };

/**
 * A campaign naming standard: `pattern` is literal text with `{token}` slots, e.g.
 * `{year}-{quarter}_{channel}_{region}_{name}`. `year`, `quarter` and `month` have built-in rules;
 * other tokens without a rule accept any text without spaces.
 */
export type CampaignNamingStandard = {
  pattern: string;
  tokens?: Readonly<Record<string, CampaignNameToken>>;
};

export type CampaignNameCheck = { ok: boolean; problems: string[] };

const BUILT_IN_TOKENS: Readonly<Record<string, CampaignNameToken>> = {
  year: { regex: '20\\d{2}', description: 'a four-digit year' },
  quarter: { values: ['Q1', 'Q2', 'Q3', 'Q4'] },
  month: { regex: '0[1-9]|1[0-2]', description: 'a two-digit month' },
};

const FREE_TEXT: CampaignNameToken = { regex: '[^\\s]+', description: 'text without spaces' };

type PatternPart = { kind: 'literal'; text: string } | { kind: 'token'; name: string };

function parsePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let last = 0;
  for (const match of pattern.matchAll(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g)) {
    if (match.index > last) parts.push({ kind: 'literal', text: pattern.slice(last, match.index) });
    parts.push({ kind: 'token', name: match[1] ?? '' });
    last = match.index + match[0].length;
  }
  if (last < pattern.length) parts.push({ kind: 'literal', text: pattern.slice(last) });
  return parts;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function ruleOf(token: string, standard: CampaignNamingStandard): CampaignNameToken {
  return standard.tokens?.[token] ?? BUILT_IN_TOKENS[token] ?? FREE_TEXT;
}

/**
 * Splits the name along the pattern's literal separators. Each slot first tries what its rule
 * allows, so a vocabulary value may itself contain a separator ("paid_social" in `_`-separated
 * names); only then any text, so a wrong value is still located and reported by name.
 */
function splitByPattern(name: string, parts: readonly PatternPart[], standard: CampaignNamingStandard): string[] | null {
  const source = parts
    .map((p) => {
      if (p.kind === 'literal') return escapeRegex(p.text);
      const rule = ruleOf(p.name, standard);
      const allowed = 'values' in rule
        ? [...rule.values].sort((a, b) => b.length - a.length).map(escapeRegex).join('|')
        : rule.regex;
      return `((?:${allowed})|.*?)`;
    })
    .join('');
  const match = new RegExp(`^${source}$`, 'is').exec(name);
  return match === null ? null : match.slice(1).map((v) => v ?? '');
}

function tokenProblem(token: string, value: string, rule: CampaignNameToken): string | null {
  if (value === '') return `${token} is empty`;
  if ('values' in rule) {
    if (rule.values.includes(value)) return null;
    const sameIgnoringCase = rule.values.find((v) => v.toLowerCase() === value.toLowerCase());
    return sameIgnoringCase !== undefined
      ? `${token} "${value}" should be written "${sameIgnoringCase}"`
      : `${token} "${value}" is not one of: ${rule.values.join(', ')}`;
  }
  if (new RegExp(`^(?:${rule.regex})$`).test(value)) return null;
  return `${token} "${value}" is not ${rule.description ?? `of the form /${rule.regex}/`}`;
}

/** Checks a campaign name against a naming standard and lists every problem, token by token. */
export function checkCampaignName(name: string, standard: CampaignNamingStandard): CampaignNameCheck {
  const parts = parsePattern(standard.pattern);
  const values = splitByPattern(name.trim(), parts, standard);
  if (values === null) {
    return { ok: false, problems: [`"${name}" does not follow the pattern ${standard.pattern}`] };
  }
  const tokens = parts.flatMap((p) => (p.kind === 'token' ? [p.name] : []));
  const problems = tokens.flatMap((token, i) => {
    const problem = tokenProblem(token, values[i] ?? '', ruleOf(token, standard));
    return problem === null ? [] : [problem];
  });
  return { ok: problems.length === 0, problems };
}
