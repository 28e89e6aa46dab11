// Fit: who the contact is. Property rules plus the email domain; no decay, no event times.

import type { ContactView } from '../filter/filter.ts';
import { capGroups, type RawContribution } from './cap.ts';
import { viewMeets } from '../filter/predicate.ts';
import { emailDomainType } from './email-domain.ts';
import type { EmailDomainScoring, FitRule, ScoreModel } from './scoring-model.ts';

const EMAIL_POINTS = {
  competitor: 'competitorPoints',
  free_mail: 'freeMailPoints',
  business: 'businessPoints',
} as const satisfies Record<string, keyof EmailDomainScoring>;

export const emailDomainContribution = (email: string | null, scoring: EmailDomainScoring | undefined): RawContribution[] => {
  const type = scoring === undefined ? null : emailDomainType(email, scoring.competitorDomains);
  if (scoring === undefined || type === null) return [];
  return [{ rule: `email_domain:${type}`, points: scoring[EMAIL_POINTS[type]], at: null }];
};

/** Unrounded fit contributions, caps applied; rule ids `email_domain:<type>` come from the email domain. */
export const fitContributions = (view: ContactView, model: ScoreModel, now: Date): RawContribution[] =>
  fitFromMatches(model, view.contact.email, (rule) => viewMeets(rule.when, view, now));

/** The fit contributions given which rules match (by the predicate here, by SQL in bulk rescoring). */
export const fitFromMatches = (model: ScoreModel, email: string | null, matches: (rule: FitRule, index: number) => boolean): RawContribution[] => {
  const matched = model.fit
    .filter((rule, index) => matches(rule, index))
    .map((rule) => ({ rule: rule.id, points: rule.points, at: null, group: rule.group }));
  return [...capGroups(matched, model.groups ?? []), ...emailDomainContribution(email, model.emailDomain)];
};
