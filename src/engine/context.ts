import type { Actor } from '../store/audit.ts';
import type { Database } from '../store/database.ts';

/** Everything a service call needs to know about who is asking, and where. */
export type RequestContext = { db: Database; workspaceId: string; actor: Actor };
