import type { Database } from '../db/client';
import { databaseErrorKind } from '../db/errors';
import type { CommittedPoll } from '../domain/polls';
import type { VoteOutcome, VoteRequest } from './ballot';
import { writeBatch, type Again } from './write-batch';

/**
 * The vote writer (docs/decisions/0006-vote-writer-batches.md): votes that arrive together are
 * written in one transaction, and each caller is answered only after that transaction
 * committed. At low load a vote goes out alone at once; under load the queue fills while a
 * batch is in flight and the next batch takes all of it, so batch size follows the load by itself.
 */

type Pending = { request: VoteRequest; resolve: (outcome: VoteOutcome) => void; reject: (error: unknown) => void };

export type VoteWriterOptions = {
  batchMax: number;
  /**
   * Batches in flight at once (VOTE_WRITERS, 1 by default). A second batch over the same polls
   * waits for the first one's row locks and competes with it for CPU, so at moderate load each
   * took longer and cost more per vote (docs/decisions/0006-vote-writer-batches.md).
   */
  writers: number;
  onCommit?: (changes: CommittedPoll[]) => void;
  /** Each batch statement: how many votes, how long it took, and the error if it failed for good. */
  onBatch?: (size: number, seconds: number, error?: unknown) => void;
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

  /** Votes waiting for a batch. */
  get queued(): number {
    return this.queue.length;
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
      const key = `${pending.request.pollId}|${pending.request.voterKey}`;
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
    // Every vote of the batch arrived before this instant; retries keep it (see batch-statement.ts).
    const sentAt = new Date();
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const { outcomes, changes } = await writeBatch(this.database, batch, sentAt);
        this.options.onBatch?.(batch.length, took());
        this.database.writes.succeeded();
        const again: Pending[] = [];
        batch.forEach((pending, i) => {
          const outcome = outcomes[i] as VoteOutcome | Again;
          if (outcome.kind === 'again') again.push(pending);
          else pending.resolve(outcome);
        });
        // First in line, judged by a statement whose snapshot has the edit (rare: edits end at the first ballot).
        this.queue.unshift(...again);
        if (changes.length > 0) this.options.onCommit?.(changes);
        return;
      } catch (error) {
        if (attempt < 3 && databaseErrorKind(error) === 'retryable') continue;
        this.options.onBatch?.(batch.length, took(), error);
        this.database.writes.failed(error);
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
  }
}
