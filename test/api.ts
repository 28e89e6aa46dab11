import { type AppOptions, createApp } from '../src/api/app.ts';
import type { Database, DatabaseKind } from '../src/store/database.ts';
import type { Role } from '../src/store/roles.ts';
import { createApiKey } from '../src/store/workspaces.ts';
import { createTestWorkspace, openTestDatabase } from './databases.ts';

export type ApiResponse<T = Record<string, unknown>> = { status: number; contentType: string; location: string | null; body: T };

export type ApiClient = {
  workspaceId: string;
  key: string;
  call: <T = Record<string, unknown>>(method: string, path: string, body?: unknown, options?: { key?: string; raw?: string; headers?: Record<string, string> }) => Promise<ApiResponse<T>>;
  /** Another key in the same workspace with another role. */
  keyFor: (role: Role) => Promise<string>;
};

/** The HTTP app over a test database, with one workspace and an admin key; requests go through `app.request()`. */
export type OpenApiOptions = {
  /** How to open the database (default: openTestDatabase). */
  open?: (kind: DatabaseKind) => Promise<Database>;
  /** The app's options, given its database. */
  app?: (db: Database) => AppOptions;
};

export const openApi = async (kind: DatabaseKind, options: OpenApiOptions = {}): Promise<{ db: Database; client: (name?: string) => Promise<ApiClient> }> => {
  const db = await (options.open ?? openTestDatabase)(kind);
  const app = createApp(db, options.app?.(db));
  const client = async (name = 'Test'): Promise<ApiClient> => {
    const workspaceId = await createTestWorkspace(db, name);
    const { key } = await createApiKey(db, workspaceId, { role: 'admin' });
    return {
      workspaceId,
      key,
      keyFor: async (role) => (await createApiKey(db, workspaceId, { role })).key,
      call: async (method, path, body, options = {}) => {
        const headers: Record<string, string> = { ...options.headers };
        const auth = options.key ?? key;
        if (auth) headers.Authorization = `Bearer ${auth}`;
        let payload: string | undefined = options.raw;
        if (body !== undefined) {
          payload = JSON.stringify(body);
          headers['Content-Type'] = 'application/json';
        } else if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
        const res = await app.request(`/api/v1${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
        const text = await res.text();
        return { status: res.status, contentType: res.headers.get('content-type') ?? '', location: res.headers.get('location'), body: text ? JSON.parse(text) : null };
      },
    };
  };
  return { db, client };
};

/** The usual test setup: one database and one workspace client on it. */
export const openApiClient = async (kind: DatabaseKind, name?: string): Promise<{ db: Database; api: ApiClient }> => {
  const opened = await openApi(kind);
  return { db: opened.db, api: await opened.client(name) };
};
