import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/client';
import type { Counts } from '../domain/polls';

/**
 * The vote writer (DESIGN §1b): votes that arrive together are written in one transaction,
 * and each caller is answered only after that transaction committed. At low load a vote
 * goes out alone at once; under load the queue fills while a batch is in flight and the
 * next batch takes all of it, so batch size follows the load by itself.
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
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type VoteWriterOptions = {
  batchMax: number;
  /** Batches in flight at once; 1–2 is best here (research: 8 concurrent batchers was slower). */
  writers: number;
  onCommit?: (changes: CommittedPoll[]) => void;
};

const RETRYABLE = new Set(['40P01', '40001']);

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
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, changes } = await this.database.db.transaction((tx) => writeBatch(tx as Tx, batch));
        batch.forEach((pending, i) => pending.resolve(outcomes[i] as VoteOutcome));
        if (changes.length > 0) this.options.onCommit?.(changes);
        return;
      } catch (error) {
        const code =
          (error as { code?: string; cause?: { code?: string } }).code ??
          (error as { cause?: { code?: string } }).cause?.code;
        if (attempt < 3 && code && RETRYABLE.has(code)) continue;
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
  }
}

async function rowsOf<T>(tx: Tx, query: SQL): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

async function writeBatch(tx: Tx, batch: Pending[]): Promise<{ outcomes: VoteOutcome[]; changes: CommittedPoll[] }> {
  const outcomes: (VoteOutcome | undefined)[] = new Array(batch.length);
  const pollIds = [...new Set(batch.map((p) => p.request.pollId))];

  // Lock the polls first, in id order, so a close that commits meanwhile is seen and batches never deadlock.
  const pollRows = await rowsOf<{ id: string; open: boolean; option_id: string }>(
    tx,
    sql`select p.id, (p.is_active and (p.expires_at is null or p.expires_at > clock_timestamp())) as open,
               o.id as option_id
        from polls p join poll_options o on o.poll_id = p.id
        where p.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(pollIds)}::jsonb))
        order by p.id
        for no key update of p`,
  );
  const polls = new Map<string, { open: boolean; options: Set<string> }>();
  for (const row of pollRows) {
    const poll = polls.get(row.id) ?? { open: row.open, options: new Set<string>() };
    poll.options.add(row.option_id);
    polls.set(row.id, poll);
  }

  const candidates: { i: number; poll_id: string; option_id: string; voter_ip: string }[] = [];
  batch.forEach(({ request }, i) => {
    const poll = polls.get(request.pollId);
    if (!poll) outcomes[i] = { kind: 'not_found' };
    else if (!poll.options.has(request.optionId)) outcomes[i] = { kind: 'invalid_option' };
    else if (!poll.open) outcomes[i] = { kind: 'poll_closed' };
    else candidates.push({ i, poll_id: request.pollId, option_id: request.optionId, voter_ip: request.voterIp });
  });
  if (candidates.length === 0) return { outcomes: outcomes as VoteOutcome[], changes: [] };

  // Compared as inet, not as text, so every spelling of one address is one voter.
  const inserted = await rowsOf<{ i: number }>(
    tx,
    sql`with input as (
          select * from jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb)
            as x(i int, poll_id uuid, option_id uuid, voter_ip inet)),
        ins as (
          insert into votes (poll_id, option_id, voter_ip)
          select poll_id, option_id, voter_ip from input
          on conflict (poll_id, voter_ip) do nothing
          returning poll_id, voter_ip)
        select input.i from input join ins using (poll_id, voter_ip)`,
  );
  const insertedIdx = new Set(inserted.map((row) => row.i));
  const conflicts = candidates.filter((c) => !insertedIdx.has(c.i));
  const earlierChoice = new Map<number, string>();
  if (conflicts.length > 0) {
    const rows = await rowsOf<{ i: number; option_id: string }>(
      tx,
      sql`select x.i, v.option_id
          from jsonb_to_recordset(${JSON.stringify(conflicts)}::jsonb) as x(i int, poll_id uuid, voter_ip inet)
          join votes v on v.poll_id = x.poll_id and v.voter_ip = x.voter_ip`,
    );
    for (const row of rows) earlierChoice.set(row.i, row.option_id);
  }

  const optionDelta = new Map<string, number>();
  const pollDelta = new Map<string, number>();
  const committed = new Map<string, { optionDeltas: Record<string, number>; voterIps: string[] }>();
  for (const c of candidates) {
    if (!insertedIdx.has(c.i)) continue;
    optionDelta.set(c.option_id, (optionDelta.get(c.option_id) ?? 0) + 1);
    pollDelta.set(c.poll_id, (pollDelta.get(c.poll_id) ?? 0) + 1);
    let poll = committed.get(c.poll_id);
    if (!poll) committed.set(c.poll_id, (poll = { optionDeltas: {}, voterIps: [] }));
    poll.optionDeltas[c.option_id] = (poll.optionDeltas[c.option_id] ?? 0) + 1;
    poll.voterIps.push(c.voter_ip);
  }
  if (pollDelta.size > 0) {
    const optionChanges = JSON.stringify([...optionDelta].map(([id, n]) => ({ id, n })));
    const pollChanges = JSON.stringify([...pollDelta].map(([id, n]) => ({ id, n })));
    await tx.execute(sql`update poll_options o set vote_count = o.vote_count + d.n
                         from jsonb_to_recordset(${optionChanges}::jsonb) as d(id uuid, n int) where o.id = d.id`);
    await tx.execute(sql`update polls p set total_votes = p.total_votes + d.n, seq = p.seq + 1
                         from jsonb_to_recordset(${pollChanges}::jsonb) as d(id uuid, n int) where p.id = d.id`);
  }

  const needCounts = [...new Set(candidates.map((c) => c.poll_id))];
  const countRows = await rowsOf<{
    id: string;
    total_votes: number;
    seq: number | string;
    options: { id: string; count: number }[];
  }>(
    tx,
    sql`select p.id, p.total_votes, p.seq,
               (select json_agg(json_build_object('id', o.id, 'count', o.vote_count) order by o.position)
                  from poll_options o where o.poll_id = p.id) as options
        from polls p
        where p.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(needCounts)}::jsonb))`,
  );
  const countsByPoll = new Map(
    countRows.map((row) => [
      row.id,
      { counts: { total_votes: row.total_votes, options: row.options }, seq: Number(row.seq) },
    ]),
  );

  for (const c of candidates) {
    const state = countsByPoll.get(c.poll_id);
    if (!state) {
      outcomes[c.i] = { kind: 'not_found' };
    } else if (insertedIdx.has(c.i)) {
      outcomes[c.i] = { kind: 'counted', ...state };
    } else {
      const earlier = earlierChoice.get(c.i);
      if (earlier === undefined || earlier === c.option_id) outcomes[c.i] = { kind: 'repeated', ...state };
      else outcomes[c.i] = { kind: 'already_voted', optionId: earlier };
    }
  }

  const changes: CommittedPoll[] = [];
  for (const [pollId, added] of pollDelta) {
    const state = countsByPoll.get(pollId);
    const poll = committed.get(pollId);
    if (!state || !poll) continue;
    changes.push({ pollId, ...state, votedOptionIds: Object.keys(poll.optionDeltas), added, ...poll });
  }
  return { outcomes: outcomes as VoteOutcome[], changes };
}
