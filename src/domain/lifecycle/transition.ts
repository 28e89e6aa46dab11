// A transition is one row of a contact's stage history: it entered `to` (coming from `from`) at
// `enteredAt` and left at `exitedAt` (null while it is the current stage).

export type Actor = { role: string; id?: string };

/** Why a contact moved: an event or a property change met a stage's criteria, or a person acted. */
export type TransitionCause =
  | { kind: 'event'; eventId: string }
  | { kind: 'property_change' }
  | { kind: 'manual'; actor: Actor }
  | { kind: 'recycle'; actor: Actor | null };

export type Transition = {
  from: string | null;
  to: string;
  enteredAt: string;
  exitedAt: string | null;
  /** Entered and exited at the same instant by a jump over it, so stage conversion rates stay honest. */
  skipped: boolean;
  cause: TransitionCause;
  reason: string | null;
};
