import { AppError, pollNotFound } from '../domain/errors';
import type { Counts } from '../domain/polls';
import { isUuid } from '../domain/schemas';
import { rateLimitKey } from '../domain/voter';
import type { RateLimiter } from '../limits/rate-limiter';
import type { VoteWriter } from './writer';

/** The one vote path: HTTP, WebSocket and the no-JavaScript form all call castVote. */

export type CastVoteInput = { pollId: string; optionId: string; voterIp: string };
export type VoteResult = { success: true; counted: boolean; new_counts: Counts };

export type CastVoteDeps = { writer: VoteWriter; limiter: RateLimiter };

export function createCastVote({ writer, limiter }: CastVoteDeps) {
  return async function castVote({ pollId, optionId, voterIp }: CastVoteInput): Promise<VoteResult> {
    if (!isUuid(pollId)) throw pollNotFound();
    if (!isUuid(optionId))
      throw new AppError('invalid_request', 'option_id must be the id of one of the poll’s options');

    const decision = await limiter.consume(rateLimitKey(voterIp));
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'too many votes from this address; wait a moment', {
        retry_after: decision.retryAfterSeconds,
      });
    }

    const outcome = await writer.submit({ pollId, optionId, voterIp });
    switch (outcome.kind) {
      case 'counted':
      case 'repeated':
        return { success: true, counted: outcome.kind === 'counted', new_counts: outcome.counts };
      case 'already_voted':
        throw new AppError('already_voted', 'you have already voted in this poll', { option_id: outcome.optionId });
      case 'not_found':
        throw pollNotFound();
      case 'poll_closed':
        throw new AppError('poll_closed', 'this poll is closed');
      case 'invalid_option':
        throw new AppError('invalid_option', 'that option is not part of this poll');
    }
  };
}

export type CastVote = ReturnType<typeof createCastVote>;
