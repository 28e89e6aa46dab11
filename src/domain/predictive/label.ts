// The predictive score's label: did the contact reach a chosen stage within N days of being created?

const DAY_MS = 86_400_000;

/**
 * True when a transition into `stage` was entered no later than `days` after `createdAt`. Skipped stages
 * are recorded as transitions too, so a contact that jumped past the stage still counts as reaching it.
 */
export const labelReachedStage = (
  transitions: readonly { to: string; enteredAt: string }[],
  stage: string,
  createdAt: string,
  days: number,
): boolean => {
  const deadline = Date.parse(createdAt) + days * DAY_MS;
  return transitions.some((transition) => transition.to === stage && Date.parse(transition.enteredAt) <= deadline);
};
