import type { KnownVoters } from '../cache/known-voters';
import type { Database } from '../db/client';
import { findPollForVoter } from '../db/polls';
import { AppError, pollNotFound } from '../domain/errors';
import { countsOf, isOpenAt, type Counts } from '../domain/polls';
import { canonicalId } from '../domain/ids';
import type { RateLimiter } from '../limits/rate-limiter';
import type { VoteOutcome, VoteRequest, VoteWriter } from './writer';

/** The one vote path: HTTP, WebSocket and the no-JavaScript form all call castVote. */

export type CastVoteInput = { pollId: string; optionId: string; voterIp: string };
export type VoteResult = { success: true; counted: boolean; new_counts: Counts };

export type CastVoteDeps = { writer: VoteWriter; limiter: RateLimiter; voters: KnownVoters; database: Database };

export function createCastVote({ writer, limiter, voters, database }: CastVoteDeps) {
  return async function castVote(input: CastVoteInput): Promise<VoteResult> {
    const { voterIp } = input;
    const pollId = canonicalId(input.pollId);
    if (!pollId) throw pollNotFound();
    const optionId = canonicalId(input.optionId);
    if (!optionId) throw new AppError('invalid_request', 'option_id must be the id of one of the poll’s options');

    // With Redis both questions leave together: one round trip before the vote is written.
    const [decision, known] = await Promise.all([limiter.consume(voterIp), voters.has(pollId, voterIp)]);
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'too many votes from this address; wait a moment', {
        retry_after: decision.retryAfterSeconds,
      });
    }

    const request = { pollId, optionId, voterIp };
    let outcome = known ? await answerKnownVoter(database, request) : undefined;
    if (!outcome) {
      outcome = await writer.submit(request);
      if (outcome.kind === 'repeated' || outcome.kind === 'already_voted') voters.add(pollId, [voterIp]);
    }
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

/**
 * A voter the duplicate hint knows gets the answer the vote writer would give, checked in
 * the writer's order, from one read instead of a write. Undefined when PostgreSQL has no vote
 * of theirs after all: then the writer decides.
 */
async function answerKnownVoter(database: Database, request: VoteRequest): Promise<VoteOutcome | undefined> {
  // Judged when the vote is sent to the database, as the writer judges a batch.
  const sentAt = new Date();
  const poll = await findPollForVoter(database, request.pollId, request.voterIp);
  if (!poll) return { kind: 'not_found' };
  if (!poll.options.some((option) => option.id === request.optionId)) return { kind: 'invalid_option' };
  if (!isOpenAt(poll, sentAt)) return { kind: 'poll_closed' };
  if (poll.voterChoice === null) return undefined;
  if (poll.voterChoice !== request.optionId) return { kind: 'already_voted', optionId: poll.voterChoice };
  return { kind: 'repeated', counts: countsOf(poll), seq: poll.seq };
}
