import type { SourceTouch } from '../../domain/contact.ts';

export type ContactTouch = { contactId: string; source: SourceTouch };

export type SourceSpan = { first: SourceTouch; latest: SourceTouch };

/** Each contact's earliest and newest touch among `touches`. */
export const sourceSpans = (touches: readonly ContactTouch[]): Map<string, SourceSpan> => {
  const span = new Map<string, SourceSpan>();
  for (const { contactId, source } of touches) {
    const seen = span.get(contactId);
    if (!seen) span.set(contactId, { first: source, latest: source });
    else {
      if (source.at < seen.first.at) seen.first = source;
      if (source.at >= seen.latest.at) seen.latest = source;
    }
  }
  return span;
};

/**
 * The original source comes from the earliest known touch and only ever moves earlier (a late-delivered
 * event, or anonymous touches joining on identification), never once an admin has set it by hand; the
 * latest source comes from the newest touch. A touch's time (`first_at`, `latest_at`) is given with it, and tells
 * whether there is one, so that the touch itself is only read where it is kept.
 */
export const SOURCE_ASSIGNMENTS = `
        original_source = CASE WHEN u.first_at IS NULL THEN c.original_source
                               WHEN c.original_source IS NULL
                                 OR (NOT c.original_source_locked AND (c.original_source->>'at')::timestamptz > u.first_at)
                               THEN u.first ELSE c.original_source END,
        latest_source = CASE WHEN u.latest_at IS NULL THEN c.latest_source
                             WHEN c.latest_source IS NULL OR (c.latest_source->>'at')::timestamptz <= u.latest_at
                             THEN u.latest ELSE c.latest_source END`;
