// A company's lifecycle stage and customer status, rolled up from its contacts and deals. The rollup
// only ever flows up: one customer contact makes the company a customer, never its other people.
//
// Stage: the furthest on-path stage among its contacts' stages and its deals (an open deal counts as
// the opportunity milestone, a won deal as the customer milestone). Off-path contacts count for nothing.
// Customer status: a contact is an active customer while in a customer stage (customer milestone or
// later) and its customerStatus is not `inactive`. The company is `active` while it has at least one
// active customer contact, else `inactive` if it ever was a customer (its previous status was set, it
// has a won deal or a contact in a customer stage), else null.

import type { Company, Contact } from '../contact.ts';
import type { LifecycleConfig } from './lifecycle-config.ts';
import { isCustomerStage, pathIndex, pathStages } from './path.ts';

export type DealStatus = 'open' | 'won' | 'lost';

export type CustomerStatus = 'active' | 'inactive';

export type CompanyRollup = { lifecycleStage: string | null; customerStatus: CustomerStatus | null };

export type CompanyRollupInput = {
  /** The company as stored: its previous customer status tells whether it ever was a customer. */
  company: Pick<Company, 'customerStatus'>;
  contacts: readonly Pick<Contact, 'lifecycleStage' | 'customerStatus'>[];
  deals: readonly { status: DealStatus }[];
};

export const isActiveCustomerContact = (
  contact: Pick<Contact, 'lifecycleStage' | 'customerStatus'>,
  config: LifecycleConfig,
): boolean => isCustomerStage(config, contact.lifecycleStage) && contact.customerStatus !== 'inactive';

const dealStage = (status: DealStatus, config: LifecycleConfig): string | null =>
  status === 'open' ? config.milestones.opportunity : status === 'won' ? config.milestones.customer : null;

export const rollUpCompany = (input: CompanyRollupInput, config: LifecycleConfig): CompanyRollup => {
  const stages = [
    ...input.contacts.map((contact) => contact.lifecycleStage),
    ...input.deals.map((deal) => dealStage(deal.status, config)),
  ];
  const furthest = Math.max(-1, ...stages.map((stage) => pathIndex(config, stage)));
  const lifecycleStage = furthest < 0 ? null : (pathStages(config)[furthest]?.id ?? null);
  const active = input.contacts.some((contact) => isActiveCustomerContact(contact, config));
  const everCustomer =
    input.company.customerStatus !== null ||
    input.deals.some((deal) => deal.status === 'won') ||
    input.contacts.some((contact) => isCustomerStage(config, contact.lifecycleStage));
  return { lifecycleStage, customerStatus: active ? 'active' : everCustomer ? 'inactive' : null };
};

/**
 * The roll-up after some of a company's contacts moved forward only (automatic moves: a later stage, a
 * customer status that only goes from none to active), from the company's stored roll-up and those
 * contacts alone: the stored values stand for everyone else, so a company of thousands of people is not
 * read again for each moved one. Equal to rollUpCompany over all its contacts and deals whenever the
 * stored roll-up was (company-rollup.test.ts holds the two together).
 */
export const rollUpForwardMoves = (
  stored: CompanyRollup,
  moved: readonly Pick<Contact, 'lifecycleStage' | 'customerStatus'>[],
  config: LifecycleConfig,
): CompanyRollup =>
  rollUpCompany({ company: { customerStatus: stored.customerStatus }, contacts: [stored, ...moved], deals: [] }, config);
