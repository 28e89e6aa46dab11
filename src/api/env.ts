import type { Database } from '../store/database.ts';
import type { ApiKeyPrincipal } from '../store/workspaces.ts';

/** What every request handler can reach: the database, the one reports read, and (after auth) who is asking. */
export type AppEnv = {
  Variables: {
    db: Database;
    /** A read replica when one is configured, else the database itself. */
    reportDb: Database;
    principal: ApiKeyPrincipal;
  };
};
