import type { RateDecision, RateLimiter } from '../adapters/rate-limiter/rate-limiter';
import type { Database } from '../db/client';
import { findPollIdByCode } from '../db/poll-reads';
import { AppError } from '../domain/errors';
import { joinCodeOf } from '../domain/join-code';

/** Join codes as people type them: the poll a code names, under a limit on codes that name none. */

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

  return {
    /**
     * The id of the poll with this join code, or undefined, as asked from `address` (unknown:
     * not limited). Throws rate_limited while the address has looked up too many codes no poll has.
     */
    async idByCode(typed: string, address: string | undefined): Promise<string | undefined> {
      await checkCodeLookups(address);
      const code = joinCodeOf(typed);
      const id = code && (await findPollIdByCode(database, code));
      if (!id && address !== undefined && codeLookups) refuseCodeLookups(await codeLookups.consume(address));
      return id;
    },

    checkCodeLookups,
  };
}
