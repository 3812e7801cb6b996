import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client';
import { databaseErrorKind } from '../db/errors';
import { openAt } from '../db/polls';
import { polls } from '../db/schema';
import type { Counts } from '../domain/polls';

/**
 * The vote writer (docs/decisions/0006-vote-writer-batches.md): votes that arrive together are
 * written in one transaction, and each caller is answered only after that transaction
 * committed. At low load a vote goes out alone at once; under load the queue fills while a
 * batch is in flight and the next batch takes all of it, so batch size follows the load by itself.
 */

export type VoteRequest = { pollId: string; optionId: string; voterIp: string };

export type VoteOutcome =
  | { kind: 'counted'; counts: Counts; seq: number }
  /** The voter had already chosen this same option: nothing counted, nothing wrong. */
  | { kind: 'repeated'; counts: Counts; seq: number }
  | { kind: 'already_voted'; optionId: string }
  | { kind: 'not_found' }
  | { kind: 'poll_closed' }
  | { kind: 'invalid_option' };

/** What one committed batch changed in one poll: the absolute counts after it, and the deltas. */
export type CommittedPoll = {
  pollId: string;
  counts: Counts;
  seq: number;
  votedOptionIds: string[];
  /** Votes added per option by this batch; they sum to `added`. */
  optionDeltas: Record<string, number>;
  added: number;
  /** The voters whose votes this batch recorded. */
  voterIps: string[];
};

type Pending = { request: VoteRequest; resolve: (outcome: VoteOutcome) => void; reject: (error: unknown) => void };

export type VoteWriterOptions = {
  batchMax: number;
  /** Batches in flight at once; 1–2 is best here (research: 8 concurrent batchers was slower). */
  writers: number;
  onCommit?: (changes: CommittedPoll[]) => void;
};

export class VoteWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly options: VoteWriterOptions,
  ) {}

  submit(request: VoteRequest): Promise<VoteOutcome> {
    if (this.closed) return Promise.reject(new Error('the vote writer is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Waits for every queued vote to be written; new votes are refused. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the current I/O phase, so requests parsed in one turn share a batch.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.writers && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  /** Takes up to batchMax votes with at most one per (poll, voter); the others wait for the next. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const seen = new Set<string>();
    for (const pending of this.queue) {
      const key = `${pending.request.pollId}|${pending.request.voterIp}`;
      if (batch.length >= this.options.batchMax || seen.has(key)) rest.push(pending);
      else {
        seen.add(key);
        batch.push(pending);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async write(batch: Pending[]): Promise<void> {
    // Every vote of the batch arrived before this instant; retries keep it (see batchStatement).
    const sentAt = new Date();
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, changes } = await writeBatch(this.database, batch, sentAt);
        this.database.writes.succeeded();
        batch.forEach((pending, i) => pending.resolve(outcomes[i] as VoteOutcome));
        if (changes.length > 0) this.options.onCommit?.(changes);
        return;
      } catch (error) {
        if (attempt < 3 && databaseErrorKind(error) === 'retryable') continue;
        this.database.writes.failed(error);
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
  }
}

type BatchStatus = 'counted' | 'conflict' | 'not_found' | 'invalid_option' | 'poll_closed';
type BatchResult = {
  outcomes: { i: number; s: BatchStatus; earlier: string | null }[];
  polls: { id: string; total: number; seq: number | string; options: { id: string; count: number }[] }[];
};

/** polls under the alias the statement gives it. */
const p = alias(polls, 'p');

/**
 * One statement, so one round trip and one implicit transaction per batch. The polls are
 * locked first, in id order: a close that commits meanwhile is seen, and two batches never
 * deadlock. Counts are read from locked rows (latest committed), never from the statement's
 * snapshot, so the counts a batch reports can only grow from one batch to the next.
 *
 * A vote counts if its poll is open at `sentAt` (the rule of isOpenAt, src/domain/polls.ts) and
 * is stored with `sentAt` as voted_at, so no vote is ever stored at or after its poll's end time.
 * `sentAt` is taken when the batch leaves for the database, after every vote in it arrived, so
 * none that arrived after the end time gets in. It is not the moment the statement gets its
 * locks: how long a batch waits on a poll's row lock (behind another batch or an admin's change)
 * depends on the database's load, and must not decide whether a vote that was sent in time
 * counts. A close or new end time committed during the wait is still seen: the poll is judged on
 * its locked row, read as it is after the wait.
 */
function batchStatement(input: string, sentAt: Date): SQL {
  return sql`
    with input as materialized (
      select * from jsonb_to_recordset(${input}::jsonb) as x(i int, poll_id uuid, option_id uuid, voter_ip inet)
    ),
    locked as materialized (
      select p.id, p.total_votes, p.seq, ${openAt(p, sentAt)} as open
      from polls p where p.id in (select poll_id from input)
      order by p.id
      for no key update
    ),
    options as materialized (
      select o.id, o.poll_id, o.vote_count, o.position
      from poll_options o where o.poll_id in (select id from locked)
      order by o.id
      for no key update
    ),
    ins as (
      insert into votes (poll_id, option_id, voter_ip, voted_at)
      select x.poll_id, x.option_id, x.voter_ip, ${sentAt.toISOString()}::timestamptz
      from input x
      join locked l on l.id = x.poll_id and l.open
      join options o on o.id = x.option_id and o.poll_id = x.poll_id
      on conflict (poll_id, voter_ip) do nothing
      returning poll_id, option_id, voter_ip
    ),
    option_added as (select option_id, count(*)::int as n from ins group by option_id),
    poll_added as (select poll_id, count(*)::int as n from ins group by poll_id),
    option_update as (
      update poll_options o set vote_count = o.vote_count + a.n
      from option_added a where o.id = a.option_id
    ),
    poll_update as (
      update polls p set total_votes = p.total_votes + a.n, seq = p.seq + 1
      from poll_added a where p.id = a.poll_id
    )
    select
      (select coalesce(json_agg(json_build_object(
          'i', x.i,
          's', case when l.id is null then 'not_found'
                    when o.id is null then 'invalid_option'
                    when not l.open then 'poll_closed'
                    when ins.poll_id is not null then 'counted'
                    else 'conflict' end,
          -- A per-row lookup by the unique index: a join would let the planner scan all votes.
          'earlier', case when ins.poll_id is null and l.open and o.id is not null then
                       (select v.option_id from votes v where v.poll_id = x.poll_id and v.voter_ip = x.voter_ip)
                     end)), '[]'::json)
       from input x
       left join locked l on l.id = x.poll_id
       left join options o on o.id = x.option_id and o.poll_id = x.poll_id
       left join ins on ins.poll_id = x.poll_id and ins.voter_ip = x.voter_ip
      ) as outcomes,
      (select coalesce(json_agg(json_build_object(
          'id', l.id,
          'total', l.total_votes + coalesce(pa.n, 0),
          'seq', l.seq + case when pa.n is null then 0 else 1 end,
          'options', (select json_agg(json_build_object('id', o.id, 'count', o.vote_count + coalesce(oa.n, 0))
                                      order by o.position)
                      from options o left join option_added oa on oa.option_id = o.id
                      where o.poll_id = l.id))), '[]'::json)
       from locked l left join poll_added pa on pa.poll_id = l.id
      ) as polls`;
}

async function writeBatch(
  database: Database,
  batch: Pending[],
  sentAt: Date,
): Promise<{ outcomes: VoteOutcome[]; changes: CommittedPoll[] }> {
  const input = JSON.stringify(
    batch.map(({ request }, i) => ({
      i,
      poll_id: request.pollId,
      option_id: request.optionId,
      voter_ip: request.voterIp,
    })),
  );
  const [result] = await database.preparedRows<BatchResult>('pollcast_vote_batch', batchStatement(input, sentAt));
  if (!result) throw new Error('the vote batch statement returned no row');

  const polls = new Map(
    result.polls.map((poll) => [
      poll.id,
      { counts: { total_votes: poll.total, options: poll.options }, seq: Number(poll.seq) },
    ]),
  );
  const committed = new Map<string, { optionDeltas: Record<string, number>; voterIps: string[]; added: number }>();
  const outcomes: VoteOutcome[] = new Array(batch.length);
  const unseenConflicts: number[] = [];

  for (const { i, s, earlier } of result.outcomes) {
    const request = (batch[i] as Pending).request;
    const state = polls.get(request.pollId);
    if (s === 'counted' && state) {
      outcomes[i] = { kind: 'counted', ...state };
      let poll = committed.get(request.pollId);
      if (!poll) committed.set(request.pollId, (poll = { optionDeltas: {}, voterIps: [], added: 0 }));
      poll.optionDeltas[request.optionId] = (poll.optionDeltas[request.optionId] ?? 0) + 1;
      poll.voterIps.push(request.voterIp);
      poll.added++;
    } else if (s === 'conflict' && state) {
      if (earlier === null) unseenConflicts.push(i);
      else if (earlier === request.optionId) outcomes[i] = { kind: 'repeated', ...state };
      else outcomes[i] = { kind: 'already_voted', optionId: earlier };
    } else if (s === 'conflict' || s === 'counted') {
      outcomes[i] = { kind: 'not_found' };
    } else {
      outcomes[i] = { kind: s };
    }
  }

  // A vote committed by another writer after this statement's snapshot was taken: read it now.
  for (const i of unseenConflicts) {
    const request = (batch[i] as Pending).request;
    const [row] = await database.rows<{ option_id: string }>(
      sql`select option_id from votes where poll_id = ${request.pollId}::uuid and voter_ip = ${request.voterIp}::inet`,
    );
    const state = polls.get(request.pollId);
    if (!row || !state) outcomes[i] = { kind: 'not_found' };
    else if (row.option_id === request.optionId) outcomes[i] = { kind: 'repeated', ...state };
    else outcomes[i] = { kind: 'already_voted', optionId: row.option_id };
  }

  const changes: CommittedPoll[] = [];
  for (const [pollId, poll] of committed) {
    const state = polls.get(pollId);
    if (state) changes.push({ pollId, ...state, votedOptionIds: Object.keys(poll.optionDeltas), ...poll });
  }
  return { outcomes, changes };
}
