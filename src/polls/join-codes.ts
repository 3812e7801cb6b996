import type { RateDecision, RateLimiter } from '../adapters/rate-limiter/rate-limiter';
import type { Database } from '../db/client';
import { findEventIdByCode } from '../db/events';
import { findPollIdByCode } from '../db/poll-reads';
import { AppError } from '../domain/errors';
import { joinCodeOf } from '../domain/join-code';

/** Join codes as people type them: the poll or event a code names, under a limit on codes that name nothing. */

/** What a join code names: one poll, or one event (codes are unique across both, migration 0013). */
export type CodeTarget = { kind: 'poll' | 'event'; id: string };

/** A refused join-code lookup: the address tried too many codes no poll has. */
function refuseCodeLookups(decision: RateDecision): void {
  if (decision.allowed) return;
  throw new AppError('rate_limited', 'too many join codes that no poll has from this address; wait a moment', {
    retry_after: decision.retryAfterSeconds,
  });
}

export function createJoinCodeLookups(database: Database, codeLookups: RateLimiter | undefined) {
  /** Throws rate_limited while `address` has looked up too many codes no poll has, counting nothing. */
  async function checkCodeLookups(address: string | undefined): Promise<void> {
    if (address !== undefined && codeLookups) refuseCodeLookups(await codeLookups.check(address));
  }

  /**
   * The poll or event with this join code, or undefined, as asked from `address` (unknown: not
   * limited). Throws rate_limited while the address has looked up too many codes that name nothing.
   */
  async function targetOfCode(typed: string, address: string | undefined): Promise<CodeTarget | undefined> {
    await checkCodeLookups(address);
    const code = joinCodeOf(typed);
    const pollId = code && (await findPollIdByCode(database, code));
    const eventId = code && !pollId ? await findEventIdByCode(database, code) : undefined;
    if (!pollId && !eventId && address !== undefined && codeLookups) {
      refuseCodeLookups(await codeLookups.consume(address));
    }
    if (pollId) return { kind: 'poll', id: pollId };
    return eventId ? { kind: 'event', id: eventId } : undefined;
  }

  return {
    targetOfCode,

    /** The id of the poll with this join code; undefined for an event's code too (see targetOfCode). */
    async idByCode(typed: string, address: string | undefined): Promise<string | undefined> {
      const target = await targetOfCode(typed, address);
      return target?.kind === 'poll' ? target.id : undefined;
    },

    checkCodeLookups,
  };
}
