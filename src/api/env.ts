import type { Database } from '../store/database.ts';
import type { ApiKeyPrincipal } from '../store/workspaces.ts';

/** What every request handler can reach: the database, and (after auth) who is asking. */
export type AppEnv = {
  Variables: {
    db: Database;
    principal: ApiKeyPrincipal;
  };
};
