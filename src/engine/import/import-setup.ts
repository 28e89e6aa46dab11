import type { PropertyDefinition } from '../../store/property-definitions.ts';
import type { ImportObjectType } from './column-synonyms.ts';

export type ImportPreset = 'hubspot';

/** What row preparation needs to know beyond the row: the workspace's stages, statuses and properties. */
export type ImportSetup = {
  type: ImportObjectType;
  preset: ImportPreset | null;
  key: string;
  /** Stage ids in path order. */
  stages: readonly string[];
  leadStatuses: readonly string[];
  properties: readonly PropertyDefinition[];
  startedAt: string;
};

/** A row ready to write, with the key it is folded and upserted by; or the reason it is rejected. */
export type Prepared<T> = { ok: true; key: string; row: T } | { ok: false; reason: string };

export const reject = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** The upsert keys each object type offers; the first is the default. */
export const IMPORT_KEYS: Readonly<Record<ImportObjectType, readonly string[]>> = {
  contact: ['email'],
  company: ['domain'],
  deal: ['externalId', 'name'],
  event: ['externalId'],
};
