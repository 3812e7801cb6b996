import type { KnownVoters } from '../adapters/known-voters/known-voters';
import type { Database } from '../db/client';
import { findPollForVoter } from '../db/poll-reads';
import { AppError, pollNotFound } from '../domain/errors';
import { canonicalId } from '../domain/ids';
import { countsOf, isOpenAt, resultsVisible, shownCounts, type ShownCounts } from '../domain/polls';
import { ballotKey, type Voter } from '../domain/voter';
import type { VoteGate } from '../adapters/vote-gate/vote-gate';
import { kindOf } from '../kinds';
import type { BallotKind, PollResults } from '../kinds/kind';
import type { PollResultsReader } from '../polls/poll-results';
import type { PollSettings, PollSettingsReader } from '../polls/poll-settings';
import { sameBallot, type VoteOutcome, type VoteRequest } from './ballot';
import type { VoteWriter } from './writer';

/** The one vote path: HTTP, WebSocket and the no-JavaScript form all call castVote. */

/** `ranked`: the ballot came as a ranking (most preferred first), not as a set of options. */
export type CastVoteInput = { pollId: string; optionIds: readonly string[]; ranked: boolean; voter: Voter };
/**
 * `new_counts` as the voter may see them: per-option counts are null while the poll hides them from
 * voters. `results` only for kinds that sum their ballots up (ranked), null while hidden.
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
  /** The results of a ranked poll as of a seq or later. */
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
    if (input.ranked !== kind.ordered) throw wrongKind(kind);
    const optionIds = ballotOf(input.optionIds, kind);
    refuseTooMany(optionIds, poll, kind);

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

    const request: VoteRequest = { pollId, optionIds, ranked: kind.ordered, voter, voterKey };
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
        if (kind.summarize) {
          answer.results = visible ? ((await resultsOf({ id: pollId, kind: poll.kind }, outcome.seq)) ?? null) : null;
        }
        return answer;
      }
      case 'already_voted':
        throw new AppError(
          'already_voted',
          'you have already voted in this poll',
          kind.ordered
            ? { ranking: outcome.optionIds }
            : { option_id: outcome.optionIds[0], option_ids: outcome.optionIds },
        );
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

/** A ballot in the other kind's field: `option_ids` for a ranked poll, or `ranking` for a choice poll. */
function wrongKind(kind: BallotKind): AppError {
  const message = kind.ordered
    ? 'this is a ranked poll: send ranking, its options most preferred first'
    : 'this poll is not ranked: send option_ids (or option_id)';
  return new AppError('invalid_request', message, { issues: [{ path: kind.ballotField, message }] });
}

/**
 * The ballot's options in canonical form: a ranking in its order, a choice ballot in id order. A
 * malformed or repeated id is a 400 naming the field.
 */
function ballotOf(raw: readonly string[], kind: BallotKind): string[] {
  const field = kind.ballotField;
  if (raw.length === 0)
    throw new AppError('invalid_request', kind.ordered ? 'rank at least one option' : 'choose at least one option');
  const optionIds: string[] = [];
  for (const value of raw) {
    const id = canonicalId(value);
    if (!id) throw new AppError('invalid_request', `${field} must be ids of the poll’s options`);
    if (optionIds.includes(id)) throw new AppError('invalid_request', `${field} must not name an option twice`);
    optionIds.push(id);
  }
  return kind.ordered ? optionIds : optionIds.sort();
}

/** More options than one ballot of the poll may hold: a 400 saying how many it takes. */
function refuseTooMany(optionIds: readonly string[], poll: PollSettings, kind: BallotKind): void {
  if (optionIds.length <= poll.max_choices) return;
  const most = poll.max_choices === 1 ? 'one option' : `at most ${poll.max_choices} options`;
  const message = kind.ordered ? `this poll takes a ranking of ${most}` : `this poll takes ${most} per ballot`;
  throw new AppError('invalid_request', message, { max_choices: poll.max_choices });
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
  const known = new Set(poll.options.map((option) => option.id));
  if (!request.optionIds.every((id) => known.has(id))) return { kind: 'invalid_option' };
  if (!isOpenAt(poll, sentAt)) return { kind: 'poll_closed' };
  if (poll.voterChoice === null) return undefined;
  if (!sameBallot(poll.voterChoice, request.optionIds)) return { kind: 'already_voted', optionIds: poll.voterChoice };
  return { kind: 'repeated', counts: countsOf(poll), seq: poll.seq, resultsVisibility: poll.results_visibility };
}
