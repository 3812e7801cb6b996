import type { KnownVoters } from '../adapters/known-voters/known-voters';
import type { Database } from '../db/client';
import { findPollForVoter } from '../db/poll-reads';
import { AppError, pollNotFound } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { countsOf, isOpenAt, resultsVisible, shownCounts, type ShownCounts } from '../domain/polls';
import type { Ballot } from '../domain/ballot-schema';
import { ballotKey, type Voter } from '../domain/voter';
import type { VoteGate } from '../adapters/vote-gate/vote-gate';
import { kindOf } from '../kinds';
import type { BallotKind, PollResults } from '../kinds/kind';
import type { PollResultsReader } from '../polls/poll-results';
import type { PollSettingsReader } from '../polls/poll-settings';
import type { VoteOutcome, VoteRequest } from './ballot';
import type { VoteWriter } from './writer';

/** The one vote path: HTTP, WebSocket and the no-JavaScript form all call castVote. */

/** `ballot`: the field it came in (a set of options, a ranking, answers) and its values. */
export type CastVoteInput = { pollId: string; ballot: Ballot; voter: Voter };
/**
 * `new_counts` as the voter may see them: per-option counts are null while the poll hides them from
 * voters. `results` only for kinds that sum their ballots up (ranked, text), null while hidden.
 */
export type VoteResult = {
  success: true;
  counted: boolean;
  new_counts: ShownCounts;
  results_visible: boolean;
  results?: PollResults | null;
};

export type CastVoteDeps = {
  writer: VoteWriter;
  /**
   * The voter's rate limit (per address, or per browser where the poll counts browsers), the
   * address's for polls that count browsers (a room behind one address votes, a script that drops
   * its cookie is capped), and the duplicate hint, asked in one go.
   */
  gate: VoteGate;
  voters: KnownVoters;
  settings: PollSettingsReader;
  /** The results of a ranked or text poll as of a seq or later. */
  resultsOf: PollResultsReader['resultsOf'];
  database: Database;
};

export function createCastVote({ writer, gate, voters, settings, resultsOf, database }: CastVoteDeps) {
  return async function castVote(input: CastVoteInput): Promise<VoteResult> {
    const { voter } = input;
    const pollId = canonicalId(input.pollId);
    if (!pollId) throw pollNotFound();
    const poll = await settings(pollId);
    if (!poll) throw pollNotFound();
    const kind = kindOf(poll.kind);
    if (input.ballot.field !== kind.ballotField) throw wrongKind(kind);
    const values = kind.ballotOf(input.ballot.values, poll.max_choices);

    const byBrowser = poll.voter_identity === 'browser';
    const voterKey = ballotKey(voter, poll.voter_identity);
    // With Redis the questions of every vote in this turn leave together: one call before the ballots are written.
    const {
      voter: decision,
      address: addressDecision,
      known,
    } = await gate.check({
      voterBucket: voterKey,
      addressBucket: byBrowser ? voter.address : undefined,
      pollId,
      voterKey,
    });
    for (const [verdict, who] of [
      [decision, byBrowser ? 'this browser' : 'this address'],
      [addressDecision, 'this address'],
    ] as const) {
      if (!verdict.allowed) {
        throw new AppError('rate_limited', `too many votes from ${who}; wait a moment`, {
          retry_after: verdict.retryAfterSeconds,
        });
      }
    }

    const answers = kind.storedAnswers?.(values, poll.filter_profanity) ?? [];
    const request: VoteRequest = { pollId, kind: kind.name, values, answers, voter, voterKey };
    let outcome = known ? await answerKnownVoter(database, request) : undefined;
    if (!outcome) {
      outcome = await writer.submit(request);
      if (outcome.kind === 'repeated' || outcome.kind === 'already_voted') voters.add(pollId, [voterKey]);
    }
    switch (outcome.kind) {
      case 'counted':
      case 'repeated': {
        // The ballot is in and the poll took it, so it is open; the voter is no admin here.
        const visible = resultsVisible(outcome.resultsVisibility, true, { admin: false, voted: true });
        const answer: VoteResult = {
          success: true,
          counted: outcome.kind === 'counted',
          new_counts: shownCounts(outcome.counts, visible),
          results_visible: visible,
        };
        if (kind.results) {
          answer.results = visible ? ((await resultsOf({ id: pollId, kind: poll.kind }, outcome.seq)) ?? null) : null;
        }
        return answer;
      }
      case 'already_voted':
        throw new AppError('already_voted', 'you have already voted in this poll', kind.earlierBallot(outcome.values));
      case 'not_found':
        throw pollNotFound();
      case 'wrong_kind':
        throw wrongKind(kind);
      case 'poll_closed':
        throw new AppError('poll_closed', 'this poll is closed');
      case 'invalid_option':
        throw new AppError('invalid_option', 'that option is not part of this poll');
      case 'too_many_choices':
        throw new AppError('invalid_request', 'this ballot chooses more options than the poll allows');
    }
  };
}

export type CastVote = ReturnType<typeof createCastVote>;

/** A ballot in another kind's field: `option_ids` for a ranked poll, `ranking` for a choice poll… */
function wrongKind(kind: BallotKind): AppError {
  const message = `this is a ${kind.name} poll: ${kind.takes}`;
  return new AppError('invalid_request', message, { issues: [{ path: kind.ballotField, message }] });
}

/**
 * A voter the duplicate hint knows gets the answer the vote writer would give, checked in
 * the writer's order, from one read instead of a write. Undefined when PostgreSQL has no ballot
 * of theirs after all: then the writer decides.
 */
async function answerKnownVoter(database: Database, request: VoteRequest): Promise<VoteOutcome | undefined> {
  // Judged when the vote is sent to the database, as the writer judges a batch.
  const sentAt = new Date();
  const poll = await findPollForVoter(database, request.pollId, request.voter);
  if (!poll) return { kind: 'not_found' };
  const kind = kindOf(poll.kind);
  if (kind.name !== request.kind) return { kind: 'wrong_kind' };
  const known = new Set(poll.options.map((option) => option.id));
  if (kind.values === 'options' && !request.values.every((id) => known.has(id))) return { kind: 'invalid_option' };
  if (!isOpenAt(poll, sentAt)) return { kind: 'poll_closed' };
  if (poll.voterChoice === null) return undefined;
  if (!kind.sameBallot(poll.voterChoice, request.values)) return { kind: 'already_voted', values: poll.voterChoice };
  return { kind: 'repeated', counts: countsOf(poll), seq: poll.seq, resultsVisibility: poll.results_visibility };
}
