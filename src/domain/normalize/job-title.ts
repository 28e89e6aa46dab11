export type Seniority = 'c_level' | 'vp' | 'director' | 'manager' | 'individual_contributor';
export type Department =
  | 'engineering' | 'marketing' | 'sales' | 'finance' | 'hr' | 'operations' | 'it'
  | 'product' | 'design' | 'legal' | 'executive' | 'customer_success';

import { memoize } from './memo.ts';

export type JobTitleClass = { readonly seniority: Seniority | null; readonly department: Department | null };

// Abbreviations as people write them in titles, expanded to the words the rules below use.
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  sr: 'senior', snr: 'senior', jr: 'junior', mgr: 'manager', mngr: 'manager', dir: 'director',
  svp: 'vp', evp: 'vp', avp: 'vp', gvp: 'vp', vicepresident: 'vp', eng: 'engineer', engr: 'engineer',
  mktg: 'marketing', mkt: 'marketing', dev: 'developer', ops: 'operations', acct: 'account',
  exec: 'executive', admin: 'administrator', assoc: 'associate', coord: 'coordinator', rep: 'representative',
  mgmt: 'management', swe: 'software engineer', sde: 'software engineer', qa: 'quality assurance',
  cs: 'customer success', csm: 'customer success manager', bdr: 'business development representative',
  sdr: 'sales development representative', ae: 'account executive', pm: 'product manager',
  ux: 'user experience', ui: 'user interface', gm: 'general manager', md: 'managing director',
};

// Chief officers: the seniority is C-level and the letters name the department.
const CHIEF_OFFICERS: Readonly<Record<string, Department>> = {
  ceo: 'executive', coo: 'operations', cfo: 'finance', cto: 'engineering', cmo: 'marketing',
  cio: 'it', ciso: 'it', cso: 'it', cro: 'sales', cpo: 'product', chro: 'hr', cco: 'customer_success',
  cdo: 'it', clo: 'legal', cgo: 'marketing',
};

// Checked in order: the first phrase found wins, so the specific comes before the general.
const SENIORITY_PHRASES: readonly (readonly [Seniority, readonly string[]])[] = [
  ['c_level', ['chief', 'president', 'founder', 'cofounder', 'co founder', 'owner', 'managing director', 'managing partner', 'general partner']],
  ['vp', ['vp', 'vice president']],
  ['director', ['director', 'head of', 'head', 'principal']],
  ['manager', ['manager', 'management', 'supervisor', 'team lead', 'lead', 'foreman']],
  ['individual_contributor', [
    'engineer', 'developer', 'programmer', 'analyst', 'specialist', 'associate', 'coordinator', 'representative',
    'consultant', 'designer', 'accountant', 'administrator', 'architect', 'scientist', 'assistant', 'executive',
    'senior', 'junior', 'intern', 'officer', 'agent', 'advisor', 'technician', 'writer', 'recruiter', 'strategist',
    'counsel', 'attorney', 'lawyer', 'paralegal', 'partner', 'buyer', 'planner', 'editor', 'researcher', 'clerk', 'controller',
  ]],
];

const DEPARTMENT_PHRASES: readonly (readonly [Department, readonly string[]])[] = [
  ['customer_success', ['customer success', 'customer experience', 'customer support', 'customer service', 'client success', 'support', 'account management', 'onboarding', 'implementation']],
  ['legal', ['legal', 'counsel', 'attorney', 'lawyer', 'paralegal', 'compliance', 'contracts']],
  ['hr', ['human resources', 'hr', 'people', 'talent', 'recruiting', 'recruiter', 'recruitment', 'hiring', 'payroll', 'learning and development']],
  ['finance', ['finance', 'financial', 'accounting', 'accountant', 'controller', 'treasury', 'tax', 'audit', 'fp&a', 'fpa', 'bookkeeper', 'billing', 'procurement', 'purchasing', 'buyer']],
  ['marketing', ['marketing', 'demand generation', 'demand gen', 'growth', 'brand', 'content', 'seo', 'communications', 'public relations', 'pr', 'social media', 'events', 'campaign', 'digital', 'copywriter']],
  ['sales', ['sales', 'account executive', 'business development', 'account', 'revenue', 'partnerships', 'channel', 'inside sales', 'commercial']],
  ['design', ['design', 'designer', 'user experience', 'user interface', 'creative', 'art director', 'graphic']],
  ['product', ['product', 'product manager', 'product owner']],
  ['it', ['it', 'information technology', 'information security', 'security', 'infrastructure', 'systems administrator', 'network', 'helpdesk', 'help desk', 'sysadmin', 'administrator', 'technology']],
  ['engineering', ['engineering', 'engineer', 'developer', 'software', 'programmer', 'devops', 'data', 'quality assurance', 'architect', 'scientist', 'technical', 'r&d', 'research and development', 'frontend', 'backend', 'full stack', 'fullstack', 'machine learning']],
  ['operations', ['operations', 'supply chain', 'logistics', 'facilities', 'office manager', 'procurement', 'manufacturing', 'production', 'general manager', 'project manager', 'program manager']],
  ['executive', ['chief executive', 'president', 'founder', 'cofounder', 'co founder', 'owner', 'managing director', 'managing partner', 'general partner', 'board']],
];

function titleWords(title: string): string[] {
  const words = title
    .toLowerCase()
    .replace(/\bco-founder\b/g, 'cofounder')
    .replace(/\bvice[\s-]+president\b/g, 'vp')
    .split(/[^a-z0-9&]+/)
    .filter((w) => w !== '');
  return words.flatMap((w) => (ABBREVIATIONS[w] ?? w).split(' '));
}

/** A phrase as the words it matches, split once rather than on every title. */
type Phrase = readonly string[];

const asPhrases = <T>(table: readonly (readonly [T, readonly string[]])[]): readonly (readonly [T, readonly Phrase[]])[] =>
  table.map(([label, phrases]) => [label, phrases.map((p) => p.split(' '))] as const);

const SENIORITY_WORDS = asPhrases(SENIORITY_PHRASES);
const DEPARTMENT_WORDS = asPhrases(DEPARTMENT_PHRASES);
const ASSISTANT: Phrase = ['assistant'];
const CHIEF: Phrase = ['chief'];

function containsPhrase(words: readonly string[], target: Phrase): boolean {
  for (let i = 0; i + target.length <= words.length; i++) {
    let k = 0;
    while (k < target.length && words[i + k] === target[k]) k++;
    if (k === target.length) return true;
  }
  return false;
}

function firstMatch<T>(words: readonly string[], table: readonly (readonly [T, readonly Phrase[]])[]): T | null {
  for (const [label, phrases] of table) {
    for (const phrase of phrases) if (containsPhrase(words, phrase)) return label;
  }
  return null;
}

function chiefDepartment(words: readonly string[]): Department | null {
  for (const w of words) {
    const department = CHIEF_OFFICERS[w];
    if (department !== undefined) return department;
  }
  return null;
}

function classify(title: string): JobTitleClass {
  const words = titleWords(title);
  const chief = chiefDepartment(words);
  // "Assistant to the CEO" and "Executive Assistant to the CFO" are not officers.
  const assistsOfficer = containsPhrase(words, ASSISTANT) && (chief !== null || containsPhrase(words, CHIEF));
  const seniority: Seniority | null = assistsOfficer
    ? 'individual_contributor'
    : chief !== null ? 'c_level' : firstMatch(words, SENIORITY_WORDS);
  // A chief officer's letters say the department unless the title names one ("CEO & Head of Sales" stays executive).
  const department = chief ?? firstMatch(words, DEPARTMENT_WORDS);
  return Object.freeze({ seniority, department });
}

/**
 * Seniority and department from a free-text job title, by keywords and common abbreviations
 * ("Sr. Dir. of Mktg" → director, marketing; "CTO" → c_level, engineering). Null where no keyword fits.
 * Each distinct title is classified once (a file repeats its titles); the result is shared and frozen.
 */
export const classifyJobTitle: (title: string) => JobTitleClass = memoize(classify);
