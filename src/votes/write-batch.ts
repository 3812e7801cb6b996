import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { storedBallot } from '../db/stored-ballot';
import type { AnswerGroupCount, CommittedPoll, Counts, ResultsVisibility } from '../domain/polls';
import { kindOf } from '../kinds';
import type { VoteOutcome, VoteRequest } from './ballot';
import {
  batchStatement,
  batchStatementName,
  type BatchParts,
  type BatchResult,
  type GroupRow,
} from './batch-statement';

/**
 * One vote batch written: its statement (batch-statement.ts) sent once, and the row it answers
 * read into each ballot's outcome, in the batch's order, and each touched poll's committed change.
 */

/** A ballot whose poll's texts were edited while its batch waited for the lock: it goes in the next batch. */
export type Again = { kind: 'again' };

type Queued = { request: VoteRequest };
/** A poll as the batch left it. */
type PollState = { counts: Counts; seq: number; resultsVisibility: ResultsVisibility };
/** What the batch's counted ballots added to one poll (its answer groups come from the statement's answer). */
type Added = { optionDeltas: Record<string, number>; voterKeys: string[]; added: number; rankings: string[][] };

export async function writeBatch(
  database: Database,
  batch: readonly Queued[],
  sentAt: Date,
): Promise<{ outcomes: (VoteOutcome | Again)[]; changes: CommittedPoll[] }> {
  const input = inputOf(batch);
  const parts = partsOf(batch);
  const [result] = await database.preparedRows<BatchResult>(
    batchStatementName(parts),
    batchStatement(input, sentAt, parts),
  );
  if (!result) throw new Error('the vote batch statement returned no row');

  const polls = new Map(
    result.polls.map((poll) => [
      poll.id,
      {
        counts: { total_votes: poll.total, options: poll.options },
        seq: Number(poll.seq),
        resultsVisibility: poll.visibility,
      },
    ]),
  );
  const { outcomes, committed, unseenConflicts } = outcomesOf(result, batch, polls);

  // A ballot committed by another writer after this statement's snapshot was taken: read it now.
  for (const i of unseenConflicts) {
    const request = (batch[i] as Queued).request;
    const earlier = await earlierBallot(database, request);
    const state = polls.get(request.pollId);
    if (!earlier || !state) outcomes[i] = { kind: 'not_found' };
    else outcomes[i] = repeatedOr(request, earlier, state);
  }

  return { outcomes, changes: changesOf(result, polls, committed) };
}

/** The steps the batch's ballots need beyond a choice ballot's: by the kinds its ballots are of. */
function partsOf(batch: readonly Queued[]): BatchParts {
  const kinds = batch.map(({ request }) => kindOf(request.kind));
  return {
    rankings: kinds.some((kind) => kind.ordered && kind.values === 'options'),
    answers: kinds.some((kind) => kind.values === 'answers'),
  };
}

/** The statement's input: the batch as JSON, each ballot numbered by its place. */
function inputOf(batch: readonly Queued[]): string {
  return JSON.stringify(
    batch.map(({ request }, i) => {
      const options = kindOf(request.kind).values === 'options';
      return {
        i,
        poll_id: request.pollId,
        kind: request.kind,
        option_ids: options ? request.values : [],
        ranked: kindOf(request.kind).ordered && options,
        first_option: options ? request.values[0] : null,
        size: request.values.length,
        answers: request.answers,
        voter_ip: request.voter.address,
        browser: request.voter.browser,
      };
    }),
  );
}

/** A conflict's outcome: the same ballot again (as its kind compares them), or another one. */
function repeatedOr(request: VoteRequest, earlier: string[], state: PollState): VoteOutcome {
  return kindOf(request.kind).sameBallot(earlier, request.values)
    ? { kind: 'repeated', ...state }
    : { kind: 'already_voted', values: earlier };
}

/**
 * Each ballot's outcome from the status the statement gave it, what the counted ones added to each
 * poll, and the conflicts whose earlier ballot the statement's snapshot could not see (left unset).
 */
function outcomesOf(result: BatchResult, batch: readonly Queued[], polls: Map<string, PollState>) {
  const committed = new Map<string, Added>();
  const outcomes: (VoteOutcome | Again)[] = new Array(batch.length);
  const unseenConflicts: number[] = [];

  for (const { i, s, earlier } of result.outcomes) {
    const request = (batch[i] as Queued).request;
    const state = polls.get(request.pollId);
    if (s === 'counted' && state) {
      outcomes[i] = { kind: 'counted', ...state };
      let poll = committed.get(request.pollId);
      if (!poll) committed.set(request.pollId, (poll = { optionDeltas: {}, voterKeys: [], added: 0, rankings: [] }));
      // A ranked ballot counts for its first choice only (the first round's count), as the statement counted it.
      const { ordered, values } = kindOf(request.kind);
      const optionIds = values === 'options' ? request.values : [];
      for (const optionId of ordered ? optionIds.slice(0, 1) : optionIds)
        poll.optionDeltas[optionId] = (poll.optionDeltas[optionId] ?? 0) + 1;
      if (ordered) poll.rankings.push(optionIds);
      poll.voterKeys.push(request.voterKey);
      poll.added++;
    } else if (s === 'conflict' && state) {
      if (earlier === null) unseenConflicts.push(i);
      else outcomes[i] = repeatedOr(request, earlier, state);
    } else if (s === 'conflict' || s === 'counted') {
      outcomes[i] = { kind: 'not_found' };
    } else if (s === 'edited') {
      outcomes[i] = { kind: 'again' };
    } else {
      outcomes[i] = { kind: s };
    }
  }
  return { outcomes, committed, unseenConflicts };
}

/** Each poll the batch added ballots to, as committed: what the shared state and the bus are told. */
function changesOf(result: BatchResult, polls: Map<string, PollState>, committed: Map<string, Added>): CommittedPoll[] {
  const listed = new Set(result.polls.filter((poll) => poll.listed).map((poll) => poll.id));
  const rows = new Map(result.polls.map((poll) => [poll.id, poll]));
  const changes: CommittedPoll[] = [];
  for (const [pollId, poll] of committed) {
    const state = polls.get(pollId);
    if (state) {
      changes.push({
        pollId,
        ...state,
        listed: listed.has(pollId),
        kind: rows.get(pollId)?.kind ?? 'choice',
        revision: rows.get(pollId)?.revision ?? 0,
        votedOptionIds: Object.keys(poll.optionDeltas),
        ...poll,
        answerGroups: (rows.get(pollId)?.groups ?? []).map(groupOf),
      });
    }
  }
  return changes;
}

/** One touched answer group as the statement answered it. */
function groupOf([key, text, count, firstSeq, firstPlace, shown, shownBefore]: GroupRow): AnswerGroupCount {
  return { key, text, count, firstGiven: [Number(firstSeq), firstPlace], shown, shownBefore };
}

/**
 * The voter's ballot in the poll, found by the identity the poll counts: a ranking's options most
 * preferred first, a choice ballot's in id order, a text ballot's answers (src/db/stored-ballot.ts).
 */
async function earlierBallot(database: Database, request: VoteRequest): Promise<string[] | undefined> {
  const [row] = await database.rows<{ ballot: string[] | null }>(sql`
    select ${storedBallot(sql`v`)} as ballot
    from votes v join polls p on p.id = v.poll_id
    where v.poll_id = ${request.pollId}::uuid and (
      (p.voter_identity = 'browser' and v.voter_session = ${request.voter.browser})
      or (p.voter_identity = 'address' and v.voter_session is null and v.voter_ip = ${request.voter.address}::inet))`);
  return row?.ballot ?? undefined;
}
