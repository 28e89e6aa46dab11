// Fit: who the contact is. Property rules plus the email domain; no decay, no event times.

import type { ContactView } from '../filter/filter.ts';
import { capGroups, type RawContribution } from './cap.ts';
import { compiledFilter } from './compiled.ts';
import { emailDomainType } from './email-domain.ts';
import type { EmailDomainScoring, ScoreModel } from './scoring-model.ts';

const EMAIL_POINTS = {
  competitor: 'competitorPoints',
  free_mail: 'freeMailPoints',
  business: 'businessPoints',
} as const satisfies Record<string, keyof EmailDomainScoring>;

const emailDomainContribution = (view: ContactView, scoring: EmailDomainScoring | undefined): RawContribution[] => {
  const type = scoring === undefined ? null : emailDomainType(view.contact.email, scoring.competitorDomains);
  if (scoring === undefined || type === null) return [];
  return [{ rule: `email_domain:${type}`, points: scoring[EMAIL_POINTS[type]], at: null }];
};

/** Unrounded fit contributions, caps applied; rule ids `email_domain:<type>` come from the email domain. */
export const fitContributions = (view: ContactView, model: ScoreModel, now: Date): RawContribution[] => {
  const matched = model.fit
    .filter((rule) => compiledFilter(rule.when)(view, now))
    .map((rule) => ({ rule: rule.id, points: rule.points, at: null, group: rule.group }));
  return [...capGroups(matched, model.groups ?? []), ...emailDomainContribution(view, model.emailDomain)];
};
