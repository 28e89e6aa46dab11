// CPU work over a batch's rows, spread over turns of the event loop: an import works on one batch while another is
// being written, and the replies to that write are read between two slices instead of after the whole batch.

import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** Runs `work` on `items` a slice of `size` at a time, with a turn of the event loop between two slices. */
export const inSlices = async <T>(items: readonly T[], size: number, work: (slice: readonly T[]) => void): Promise<void> => {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await yieldToLoop();
    work(items.slice(i, i + size));
  }
};
