/**
 * Known voters, the duplicate hint (`poll:{id}:voters`, docs/REDIS.md): per poll, the voters
 * whose ballot PostgreSQL has committed, by their ballot key (src/domain/voter.ts, ballotKey: the
 * address, or the browser where the poll counts browsers). It is only a hint. "Known" sends a
 * voter to one read of their recorded ballot instead of the vote writer; "not known" (or "cannot
 * tell") sends them to the writer, where the unique indexes on votes decide.
 *
 * - Voters are added only after their ballot committed, and forgotten with their poll. Either twin
 *   may also forget on its own (memory: beyond a bound; Redis: on expiry): that costs speed only.
 * - Any order: the set of a poll only grows until it is forgotten, so adds commute.
 * - At most once: adds and forgets are sent once and never retried; a lost add costs one trip
 *   through the writer, where the database refuses the second ballot.
 * - Without Redis: `has` answers "not known" and adds are dropped, logged.
 * - A restart of pollcast empties the memory twin; a Redis set lives a day past its last add
 *   (VOTERS_TTL_MS).
 *
 * Twins: known-voters.memory.ts (embedded mode), known-voters.redis.ts (services mode, shared by
 * every instance).
 */

export interface KnownVoters {
  has(pollId: string, voterKey: string): Promise<boolean>;
  /** Remembers voters whose ballot is committed. */
  add(pollId: string, voterKeys: string[]): void;
  forget(pollId: string): void;
}
