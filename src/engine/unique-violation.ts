import { UNIQUE_VIOLATION } from '../store/deadlock-retry.ts';
import { AppError } from './app-error.ts';

const UNIQUE_MESSAGES: Record<string, { field: string; message: string }> = {
  contacts_email: { field: 'email', message: 'a contact with this email already exists' },
  companies_domain: { field: 'domain', message: 'a company with this domain already exists' },
  events_external_id: { field: 'id', message: 'an event with this id already exists' },
  users_workspace_id_email_key: { field: 'email', message: 'a user with this email already exists' },
  property_definitions_pkey: { field: 'name', message: 'a property with this name already exists' },
};

/**
 * Whether `error` is a unique violation of the constraint or index `name`. PGlite does not always name the
 * constraint on the error, but its message does.
 */
export const violatesUnique = (error: unknown, name: string): boolean => {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return e.code === UNIQUE_VIOLATION && (e.constraint === name || (typeof e.message === 'string' && e.message.includes(`"${name}"`)));
};

/** Turns a unique-constraint violation (SQLSTATE 23505) into a 409 naming the field; rethrows anything else. */
export const rethrowUniqueViolation = (error: unknown): never => {
  if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
    const known = Object.entries(UNIQUE_MESSAGES).find(([name]) => violatesUnique(error, name));
    const { field, message } = known?.[1] ?? { field: 'id', message: 'a record with this key already exists' };
    throw new AppError('conflict', message, [{ field, message }]);
  }
  throw error;
};
