// Seniority read from a free-text job title, the strongest fit signal a title carries, as the model's
// categories: the title classifier of normalize/ decides, and an empty title is its own category.

import { classifyJobTitle } from '../normalize/job-title.ts';

export const SENIORITY_LEVELS = ['c_level', 'vp', 'director', 'manager', 'individual', 'unknown'] as const;
export type Seniority = (typeof SENIORITY_LEVELS)[number];

export const seniorityOf = (jobTitle: string | null): Seniority => {
  if (!jobTitle?.trim()) return 'unknown';
  const { seniority } = classifyJobTitle(jobTitle);
  return seniority === null || seniority === 'individual_contributor' ? 'individual' : seniority;
};
