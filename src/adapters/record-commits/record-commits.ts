import type { CommittedPoll } from '../../domain/polls';

/**
 * Recording a committed vote batch: what the batch changed, poll by poll, reaches the shared state
 * that serves reads and votes without asking PostgreSQL: the poll's counts (the poll cache), its
 * voters (the duplicate hint) and, for a listed poll, its new votes on the trending board. The vote
 * writer calls it after each commit, before the new counts are published on the poll bus.
 *
 * - Each part keeps its own contract: counts older than the cached ones are ignored, voters only
 *   add up, a cold trending board takes no votes.
 * - At most once, never thrown: a failure is logged and costs speed only; each part's contract says
 *   how it recovers.
 * - Without Redis and across restarts: as each part (poll-cache.ts, known-voters.ts,
 *   trending-board.ts).
 *
 * Twins: record-commits.memory.ts (embedded mode: each part's own method, poll by poll) and
 * record-commits.redis.ts (services mode: the same writes for the whole batch in one script).
 */
export type RecordCommits = (changes: CommittedPoll[]) => void;
