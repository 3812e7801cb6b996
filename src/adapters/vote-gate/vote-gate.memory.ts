import type { KnownVoters } from '../known-voters/known-voters';
import type { RateDecision, RateLimiter } from '../rate-limiter/rate-limiter';
import type { VoteGate } from './vote-gate';

const ALLOWED: RateDecision = { allowed: true };

/** The gate as separate calls: the in-process limiters and hint of embedded mode. */
export function separateVoteGate(votes: RateLimiter, votesPerAddress: RateLimiter, voters: KnownVoters): VoteGate {
  return {
    async check({ voterBucket, addressBucket, pollId, voterKey }) {
      const [voter, address, known] = await Promise.all([
        votes.consume(voterBucket),
        addressBucket === undefined ? ALLOWED : votesPerAddress.consume(addressBucket),
        voters.has(pollId, voterKey),
      ]);
      return { voter, address, known };
    },
  };
}
