import { AppError } from '../domain/errors';

/**
 * How many exports, of polls and events together, this server runs at once: each holds a pooled
 * connection while it runs in services mode, and most connections stay for votes.
 */

/** Seconds a caller refused for too many exports at once is asked to wait. */
const BUSY_RETRY_SECONDS = 5;

export type ExportSlots = { take(poolSize: number): () => void };

export function createExportSlots(): ExportSlots {
  let running = 0;
  return {
    /** A slot, or rate_limited past a quarter of the pool (at least one); the returned function frees it once. */
    take(poolSize) {
      if (running >= Math.max(1, Math.floor(poolSize / 4))) {
        throw new AppError('rate_limited', 'this server is busy with other exports; try again in a moment', {
          retry_after: BUSY_RETRY_SECONDS,
        });
      }
      running++;
      let freed = false;
      return () => {
        if (!freed) running--;
        freed = true;
      };
    },
  };
}
