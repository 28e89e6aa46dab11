/** SQLSTATE of a transaction PostgreSQL aborted as one side of a deadlock. */
export const DEADLOCK = '40P01';
/** SQLSTATE of a unique violation: often a concurrent transaction that wrote the same key first. */
export const UNIQUE_VIOLATION = '23505';

/**
 * Runs a transaction again when PostgreSQL aborted it as one side of a deadlock: concurrent transactions that
 * update the same rows in different orders (companies rolling up, contacts that two batches share), or for another
 * error that `alsoOn` names as a race the next run sees past. `work` must start its transaction afresh and redo
 * everything it computed from the database.
 */
export const retryOnDeadlock = async <T>(work: () => Promise<T>, alsoOn: (error: unknown) => boolean = () => false, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || ((error as { code?: unknown }).code !== DEADLOCK && !alsoOn(error))) throw error;
    }
  }
};
