import type { ImportSummary } from './run-import.ts';

/** The last line of an import: the four counts, as words or (`json`) as one JSON object. */
export const importSummaryLine = (summary: ImportSummary, json: boolean): string =>
  json
    ? JSON.stringify(summary)
    : `${summary.dryRun ? 'dry run: ' : ''}created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, rejected ${summary.rejected}`;
