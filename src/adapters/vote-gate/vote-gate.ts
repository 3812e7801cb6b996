import type { KnownVoters } from '../known-voters/known-voters';
import type { RateDecision, RateLimiter } from '../rate-limiter/rate-limiter';

/**
 * What every vote asks before its ballot is written: may this voter vote now (their window, and
 * for polls that count browsers the address's), and does the duplicate hint already know them.
 * One question per vote; in services mode the questions of one event-loop turn travel to Redis as
 * one script call (RedisVoteGate), instead of two commands per vote.
 */

export type GateQuestion = {
  /** The voter's rate bucket: their address, or their browser where the poll counts browsers. */
  voterBucket: string;
  /** The address's bucket, only for polls that count browsers. */
  addressBucket: string | undefined;
  pollId: string;
  voterKey: string;
};

export type GateAnswer = { voter: RateDecision; address: RateDecision; known: boolean };

export type VoteGate = { check(question: GateQuestion): Promise<GateAnswer> };

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
