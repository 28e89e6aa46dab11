import type { SourceTouch } from '../../domain/contact.ts';
import { writeAudit } from '../../store/audit.ts';
import { invalid, notFound } from '../app-error.ts';
import type { RequestContext } from '../context.ts';

/**
 * An admin sets a contact's original source by hand, with a reason. The edit pins it: later touches,
 * even earlier ones delivered late, no longer replace it. Permission is checked by the caller (source:edit).
 */
export const setOriginalSource = (ctx: RequestContext, contactId: string, source: SourceTouch, reason: string): Promise<SourceTouch> =>
  ctx.db.transaction(async (tx) => {
    if (reason.trim() === '') throw invalid('changing an original source needs a reason', [{ field: 'reason', message: 'is required' }]);
    const [before] = await tx.query<{ original_source: SourceTouch | null; merged_into: string | null }>(
      'SELECT original_source, merged_into FROM contacts WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
      [ctx.workspaceId, contactId],
    );
    if (!before || before.merged_into) throw notFound(`contact ${contactId}`);
    await tx.query(
      'UPDATE contacts SET original_source = $3, original_source_locked = true, updated_at = now() WHERE workspace_id = $1 AND id = $2',
      [ctx.workspaceId, contactId, JSON.stringify(source)],
    );
    await writeAudit(tx, ctx.workspaceId, ctx.actor, {
      action: 'contact.original_source_edit',
      objectType: 'contact',
      objectId: contactId,
      changes: { originalSource: { before: before.original_source, after: source } },
      reason,
    });
    return source;
  });
