// A generated workspace that benchmarks which only read (API reads, reports) keep between runs on PostgreSQL:
// generating a million contacts takes minutes, and reads never change it.

import type { BenchContext } from './benchmark.ts';
import { generateWorkspace } from './generate/generate-workspace.ts';
import { seconds } from './measure.ts';

/**
 * The generated workspace of this size and seed. On PostgreSQL a complete one is kept under a slug naming the
 * benchmark, size, seed and events per contact, and reused by later runs; it gets that slug only once generated
 * and analyzed, so an interrupted run leaves nothing to be mistaken for it. On PGlite every run generates anew.
 */
export const keptWorkspace = async ({ backend, size, seed, log }: BenchContext, name: string, eventsPerContact: number): Promise<string> => {
  const { db } = backend;
  const slug = `bench-${name}-${size}-seed${seed}-events${eventsPerContact}`;
  if (backend.kind === 'postgres') {
    const [kept] = await db.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM workspaces WHERE slug = $1', [slug]);
    if (kept) {
      log(`reusing the ${size}-contact workspace generated ${kept.created_at.toISOString()} (${slug})`);
      return kept.id;
    }
  }
  const workspaceId = await backend.newWorkspace(name);
  const sink = await backend.sink();
  const generated = await seconds(() =>
    generateWorkspace(sink, workspaceId, {
      size,
      seed,
      eventsPerContact,
      onProgress: (done) => (done % 100_000 === 0 || done === size) && log(`generated ${done} contacts`),
    }).finally(() => sink.close()),
  );
  await db.exec('ANALYZE');
  await db.query('UPDATE workspaces SET slug = $2 WHERE id = $1', [workspaceId, slug]);
  log(`generated ${size} contacts in ${generated.seconds.toFixed(0)} s`);
  return workspaceId;
};
