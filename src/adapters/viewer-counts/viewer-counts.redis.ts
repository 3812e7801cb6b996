import type { Redis } from '../../redis/client';
import type { ViewerCounts } from './viewer-counts';

/**
 * Viewer counts across instances (docs/REDIS.md, `poll:{id}:viewers`): a hash per poll with one
 * field per instance, its count and the deadline of that report. One script per poll writes this
 * instance's report and sums the reports still in time, dropping the rest, all in one round trip
 * for every poll watched here. An instance that dies stops reporting, so its field drops out at
 * its deadline; one that stops watching a poll withdraws its field at once.
 */

/** How long a report counts: a few missed reports (a busy loop, a slow Redis) before an instance drops out. */
const VIEWER_REPORT_HOLD_MS = 3_000;

export class RedisViewerCounts implements ViewerCounts {
  constructor(
    private readonly redis: Redis,
    private readonly holdMs = VIEWER_REPORT_HOLD_MS,
  ) {}

  async exchange(here: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, number>> {
    const { keys, instanceId } = this.redis;
    const polls = [...here];
    // Sent together, so node-redis writes them as one pipeline: one round trip for all the polls.
    const totals = await this.redis.call((client) =>
      Promise.all(
        polls.map(([pollId, count]) =>
          client.exchangeViewers([keys.viewers(pollId)], [instanceId, count, this.holdMs]),
        ),
      ),
    );
    return new Map(polls.map(([pollId], i) => [pollId, totals[i] ?? 0]));
  }

  forget(pollId: string): void {
    this.redis.send('withdraw viewer count', (client) =>
      client.hDel(this.redis.keys.viewers(pollId), this.redis.instanceId),
    );
  }
}
