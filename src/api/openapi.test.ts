import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import type { Database } from '../store/database.ts';

const noDatabase = {} as Database;

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and describes the records API', async () => {
    const res = await createApp(noDatabase).request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Parameters<typeof validate>[0] & { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/contacts', '/contacts/{id}', '/companies', '/deals', '/health', '/audit']));
  });

  it('has a docs page that needs nothing from the internet', async () => {
    const app = createApp(noDatabase);
    const page = await app.request('/api/docs');
    expect(await page.text()).toContain('/api/v1/openapi.json');
    expect((await app.request('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });
});
