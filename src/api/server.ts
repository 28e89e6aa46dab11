import { serve } from '@hono/node-server';
import type { Database } from '../store/database.ts';
import { createApp } from './app.ts';

export type RunningServer = { url: string; close: () => Promise<void> };

/** Serves the app on a port; closing stops accepting requests and lets the ones in flight finish. */
export const startServer = (db: Database, port: number, hostname = '0.0.0.0'): Promise<RunningServer> =>
  new Promise((resolve) => {
    const server = serve({ fetch: createApp(db).fetch, port, hostname }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
