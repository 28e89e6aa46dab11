// Seniority read from a free-text job title: the strongest fit signal a title carries.

export const SENIORITY_LEVELS = ['c_level', 'vp', 'director', 'manager', 'individual', 'unknown'] as const;
export type Seniority = (typeof SENIORITY_LEVELS)[number];

// Checked in order: "Vice President" must be read as vp before "president" reads it as c_level.
const KEYWORDS: readonly [Seniority, RegExp][] = [
  ['vp', /\b(vp|svp|evp|avp|vice[\s-]+president)\b/],
  ['c_level', /\b(ceo|cto|cfo|coo|cmo|cio|cro|cpo|ciso|chief|founder|co-?founder|owner|president)\b/],
  ['director', /\b(director|head)\b/],
  ['manager', /\b(manager|lead|supervisor)\b/],
];

export const seniorityOf = (jobTitle: string | null): Seniority => {
  const title = (jobTitle ?? '').trim().toLowerCase();
  if (title === '') return 'unknown';
  return KEYWORDS.find(([, pattern]) => pattern.test(title))?.[0] ?? 'individual';
};
