import { parseConfig } from '../config/load-config.ts';
import { AppError } from './app-error.ts';
import type { RequestContext } from './context.ts';
import { reevaluateWorkspace, type ReevaluateResult } from './reevaluate.ts';
import { saveConfig } from './workspace-config.ts';

export type ConfigChange = { version: number; changed: boolean; reevaluation: ReevaluateResult | null };

/**
 * Validates and stores a new lifecycle configuration, then re-evaluates the workspace under it: contacts
 * that now meet a later stage move forward; when score rules changed, every contact is rescored first.
 */
export const changeConfig = async (ctx: RequestContext, input: unknown): Promise<ConfigChange> => {
  const parsed = parseConfig(input);
  if (!parsed.ok) {
    throw new AppError(
      'invalid',
      parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      parsed.errors.map((e) => ({ field: e.path, message: e.message })),
    );
  }
  const saved = await ctx.db.transaction((tx) => saveConfig(ctx, tx, parsed.config));
  if (!saved.changed) return { version: saved.version, changed: false, reevaluation: null };
  // Rescored when the score rules differ from those last applied (see reevaluateWorkspace).
  return { version: saved.version, changed: true, reevaluation: await reevaluateWorkspace(ctx.db, ctx.workspaceId) };
};
