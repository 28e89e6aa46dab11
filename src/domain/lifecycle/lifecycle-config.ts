// Lifecycle-as-code: the stages a workspace defines, their criteria and rules of movement.
// src/config builds values of these types from leadcycle.config.yaml; the domain only reads them.

import type { Filter } from '../filter/filter.ts';
import type { ScoringConfig } from '../scoring/scoring-model.ts';

export type Team = 'marketing' | 'bdr' | 'ae' | 'cs';

export const TEAMS = ['marketing', 'bdr', 'ae', 'cs'] as const satisfies readonly Team[];

/** The longest a contact may sit in a stage, and who is alerted past it: a team or a role name. */
export type StageSla = { maxHours: number; alert: string };

export type Stage = {
  id: string;
  label: string;
  /** Position on the path; higher is further. Off-path stages have an order too, for listing only. */
  order: number;
  team: Team;
  description: string;
  /** When a contact qualifies for the stage; null = entered by hand only. */
  entry: Filter | null;
  /** When set, an automatic move out of this stage waits until the contact meets it (a gate). */
  exit: Filter | null;
  /** Fields a contact must have to enter the stage: a contact field, `company.<field>` or a custom property. */
  requiredFields: string[];
  sla: StageSla | null;
  /** Lead status set when a contact enters the stage; null leaves the status as it is. */
  leadStatusOnEntry: string | null;
  /**
   * A side door onto the path (waterfall's sales_generated, where outbound leads start): a contact
   * joining the path here records no earlier stage, and a jump past it does not record it as skipped.
   */
  entryPoint: boolean;
  /** Off the path (e.g. `other`: partners, vendors): no order of progress, see apply.ts for entry. */
  offPath: boolean;
};

export type RecyclePolicy = {
  /** The reasons sales may give when returning a contact to marketing. */
  reasons: string[];
  targetStage: string;
  /** Engagement keeps this fraction (0..1) of its value at the recycle. */
  engagementResetFraction: number;
  /** Lead status a recycled contact takes. */
  leadStatus: string;
};

/**
 * The stages that carry meaning beyond their criteria: a deal puts its company at `opportunity`, a won
 * deal at `customer`, and a contact at or after `customer` on the path is a customer contact.
 */
export type LifecycleMilestones = { opportunity: string; customer: string };

export type LifecycleConfig = {
  template: string;
  stages: Stage[];
  leadStatuses: string[];
  recycle: RecyclePolicy;
  milestones: LifecycleMilestones;
  scoring: ScoringConfig;
};
