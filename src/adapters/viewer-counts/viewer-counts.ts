/**
 * Viewer counts, "watching now" (docs/REALTIME.md): how many viewers watch each poll, on every
 * instance. Each instance reports its own counts and learns the totals in the same call; the hub's
 * clock (src/realtime/viewer-count-clock.ts) makes that call once a second while polls are watched.
 *
 * - The newest report wins: a report replaces this instance's previous one and carries absolute
 *   counts, so an exchange that is lost or late is corrected by the next one. Nothing is retried.
 * - A report holds for a while (the Redis twin: VIEWER_REPORT_HOLD_MS). An instance that dies drops
 *   out of the totals when its reports run out; one whose last viewer of a poll leaves withdraws
 *   its report at once (`forget`, or a count of 0).
 * - Without Redis: `exchange` fails, and the clock gives each poll the count of this instance alone.
 * - A restart keeps nothing of this instance's: it reports afresh under a new id, and the reports
 *   of the old process count until they run out.
 *
 * Twins: viewer-counts.memory.ts (embedded mode: one instance, whose counts are the totals),
 * viewer-counts.redis.ts (services mode: a hash per poll, one field per instance).
 */

export interface ViewerCounts {
  /**
   * Reports how many viewers watch each of these polls here (0: none any more) and answers how
   * many watch each on every instance.
   */
  exchange(here: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, number>>;
  /** Nobody here watches the poll any more: this instance's report is withdrawn now. */
  forget(pollId: string): void;
}
