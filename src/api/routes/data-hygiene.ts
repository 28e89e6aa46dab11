import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { registerDataQualityRoute } from './data-quality.ts';
import { registerDedupRoutes } from './dedup.ts';
import { registerImportRoutes } from './imports.ts';
import { registerViewRoutes } from './views.ts';

/** Imports, deduplication and merge, saved views and export, the data-quality report. */
export const registerDataHygieneRoutes = (api: OpenAPIHono<AppEnv>) => {
  registerImportRoutes(api);
  registerDedupRoutes(api);
  registerViewRoutes(api);
  registerDataQualityRoute(api);
};
