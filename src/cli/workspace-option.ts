import type { Queryable } from '../store/database.ts';
import { CliError } from './cli-error.ts';
import { DEFAULT_WORKSPACE_SLUG, ensureDefaultWorkspace } from '../store/workspaces.ts';
import type { Database } from '../store/database.ts';

export const workspaceOption = ['--workspace <slug>', 'workspace slug', DEFAULT_WORKSPACE_SLUG] as const;

/** The workspace a command acts on; the default one is created on first use, like on first start. */
export const resolveWorkspace = async (db: Database & Queryable, slug: string): Promise<string> => {
  if (slug === DEFAULT_WORKSPACE_SLUG) return (await ensureDefaultWorkspace(db)).id;
  const [row] = await db.query<{ id: string }>('SELECT id FROM workspaces WHERE slug = $1', [slug]);
  if (!row) throw new CliError(`no workspace "${slug}"`);
  return row.id;
};
