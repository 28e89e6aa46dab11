// Rescoring a whole workspace after a score rule change (the lifecycle step over every contact, set-based
// writes) against the physical floor under it: one bare SQL UPDATE of the same contacts' score columns.

import { rescoreWorkspace } from '../src/engine/scoring/rescore.ts';
import type { Benchmark } from './benchmark.ts';
import { generateWorkspace } from './generate/generate-workspace.ts';
import { round, seconds } from './measure.ts';

export const benchmark: Benchmark = {
  name: 'rescore',
  description: 'rescoreWorkspace over a generated workspace vs a bare UPDATE of the same contacts',
  unit: 'contacts',
  defaultSize: 20_000,
  run: async ({ backend, size, seed, log }) => {
    const workspaceId = await backend.newWorkspace('rescore');
    const sink = await backend.sink();
    await generateWorkspace(sink, workspaceId, {
      size,
      seed,
      onProgress: (done) => done % 100_000 === 0 && log(`generated ${done} contacts`),
    }).finally(() => sink.close());
    // A live workspace has been vacuumed by autovacuum (off on the benchmark machine): without this the run pays
    // for setting hint bits on every freshly loaded row it reads (1M: 124 s instead of 109 s, 2026-11-23).
    await backend.db.exec('VACUUM (ANALYZE)');
    log('rescoring');
    const phases: Record<string, number> = {};
    const rescore = await seconds(() =>
      rescoreWorkspace(backend.db, workspaceId, {
        onProgress: (done) => done % 100_000 < 5_000 && log(`rescored ${done}`),
        onPhase: (phase, contacts, took) => {
          phases[`${phase}Seconds`] = round(took);
          phases[`${phase}Contacts`] = contacts;
          log(`${phase}: ${contacts} contacts in ${round(took)} s`);
        },
      }),
    );
    const update = await seconds(() =>
      backend.db.query('UPDATE contacts SET fit_score = fit_score + 1, engagement_score = engagement_score + 1 WHERE workspace_id = $1', [workspaceId]),
    );
    const { examined, rescored, moved } = rescore.value;
    return {
      figures: {
        seconds: round(rescore.seconds),
        contactsPerSecond: round(examined / rescore.seconds, 0),
        examined,
        rescored,
        moved,
        // The set-based rescoring pass over every contact, then the lifecycle step over those that may move.
        ...phases,
      },
      baseline: { updateSeconds: round(update.seconds, 3) },
      ratio: round(rescore.seconds / update.seconds, 1),
      ratioOf: 'rescoring time ÷ bare UPDATE time',
    };
  },
};
