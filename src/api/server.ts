import { serve } from '@hono/node-server';
import type { Database } from '../store/database.ts';
import { type AppOptions, createApp } from './app.ts';

export type RunningServer = { url: string; close: () => Promise<void> };

/** The address to print: a wildcard bind is reached on localhost, anything else as given. */
const urlHost = (hostname: string): string =>
  hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname.includes(':') ? `[${hostname}]` : hostname;

/**
 * Serves the app on a port; closing stops accepting requests and lets the ones in flight finish. Fails when the
 * address cannot be bound (taken, or not one of this machine's).
 */
export const startServer = (db: Database, port: number, hostname = '0.0.0.0', options: AppOptions = {}): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${hostname}:${port}: ${error.code ?? error.message}`));
    const server = serve({ fetch: createApp(db, options).fetch, port, hostname }, (info) => {
      server.off('error', failed);
      resolve({
        url: `http://${urlHost(hostname)}:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', failed);
  });
