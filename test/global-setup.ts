import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/store/migrate.ts';
import { openPostgres } from '../src/store/pg-database.ts';
import { openPglite, pgliteDatabase } from '../src/store/pglite-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

// Migrate once: a PGlite snapshot that every test database starts from, and the PostgreSQL test database.
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'leadcycle-test-'));
  const pglite = await openPglite();
  await migrate(pgliteDatabase(pglite));
  const snapshot = await pglite.dumpDataDir('none');
  await pglite.close();
  const snapshotPath = join(dir, 'migrated.tar');
  await writeFile(snapshotPath, Buffer.from(await snapshot.arrayBuffer()));
  project.provide('pgliteSnapshot', snapshotPath);

  if (process.env.DATABASE_URL) {
    const pg = openPostgres(process.env.DATABASE_URL, 1);
    await migrate(pg);
    await pg.close();
  }
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
