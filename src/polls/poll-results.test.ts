import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type Store } from '../../tests/support/harness';
import { migrateDatabase, openDatabase, type Database } from '../db/client';
import { insertPoll } from '../db/poll-writes';
import type { CommittedPoll, PollWithOptions } from '../domain/polls';
import { createPollSchema } from '../domain/schemas';
import type { PollResults } from '../kinds/kind';
import { instantRunoff } from '../kinds/ranked/tally';
import { VoteWriter } from '../votes/writer';
import { createPollResults } from './poll-results';

/** A ranked poll's results kept per seq on PGlite: read once, moved by commits, shared by readers. */
describe('the results of ranked polls', () => {
  let store: Store;
  let database: Database;
  /** The same database, counting the reads made through `rows`. */
  let counting: Database;
  let reads = 0;
  let writer: VoteWriter;
  let poll: PollWithOptions;
  const commits: CommittedPoll[] = [];
  let voters = 0;

  beforeAll(async () => {
    store = await freshStore('embedded');
    database = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    await migrateDatabase(database);
    counting = { ...database, rows: (query) => (reads++, database.rows(query)) };
    writer = new VoteWriter(database, { batchMax: 100, writers: 1, onCommit: (changes) => commits.push(...changes) });
    const input = createPollSchema.parse({ kind: 'ranked', title: 't', options: ['A', 'B', 'C'] });
    poll = await insertPoll(database, { ...input, max_choices: 3 }, null, 'hash');
  });
  afterAll(async () => {
    await writer?.drain();
    await database?.close();
    await store?.drop();
  });

  const ids = (order: string) => [...order].map((text) => poll.options.find((o) => o.option_text === text)!.id);
  /** Casts the rankings in one batch and returns what it committed in the poll. */
  async function cast(...orders: string[]): Promise<CommittedPoll> {
    commits.length = 0;
    await Promise.all(
      orders.map((order) => {
        voters++;
        const address = `10.8.${voters >> 8}.${voters & 255}`;
        return writer.submit({
          pollId: poll.id,
          kind: 'ranked',
          values: ids(order),
          answers: [],
          voter: { address, browser: crypto.randomUUID() },
          voterKey: address,
        });
      }),
    );
    return commits.find((change) => change.pollId === poll.id)!;
  }
  /** The rounds of a ranked poll's results. */
  const rounds = (results: PollResults | undefined) => (results && 'rounds' in results ? results.rounds : []);
  const expected = (...orders: string[]) =>
    instantRunoff(
      poll.options.map((option) => option.id),
      orders.map((order) => ({ ranking: ids(order), count: 1 })),
      poll.id,
    );

  it('reads a poll without ballots as one round of zeros, and gives nothing for a choice poll', async () => {
    const results = createPollResults(counting);
    expect(await results.resultsOf(poll, poll.seq)).toEqual(expected());
    expect(await results.resultsOf({ id: poll.id, kind: 'choice' }, poll.seq)).toBeUndefined();
  });

  it('reads once for every reader asking at once, then answers from memory until the seq moves', async () => {
    const change = await cast('AB', 'BA', 'CB');
    const results = createPollResults(counting);
    reads = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => results.resultsOf(poll, change.seq)));
    expect(reads).toBe(1);
    for (const answer of answers) expect(answer).toEqual(expected('AB', 'BA', 'CB'));
    await results.resultsOf(poll, change.seq);
    expect(reads).toBe(1);
  });

  it('moves to the next seq from the batch alone, with what a fresh read gives', async () => {
    const results = createPollResults(counting);
    const before = await cast('CA');
    await results.resultsOf(poll, before.seq);
    reads = 0;
    const change = await cast('CB', 'CB');
    const moved = await results.committed(change);
    expect(reads).toBe(0);
    expect(moved).toEqual(await createPollResults(database).resultsOf(poll, change.seq));
    expect(rounds(moved)[0]?.tally).toEqual(
      Object.fromEntries((await pollCounts()).map(({ id, count }) => [id, count])),
    );
  });

  it('reads after a batch when the seq before it was not held here', async () => {
    const results = createPollResults(counting);
    const change = await cast('BC');
    reads = 0;
    expect(rounds(await results.committed(change))[0]?.tally).toEqual(
      Object.fromEntries((await pollCounts()).map(({ id, count }) => [id, count])),
    );
    expect(reads).toBe(1);
  });

  /** The poll's first-round counts as its row holds them. */
  const pollCounts = () =>
    database.rows<{ id: string; count: number }>(sql`
      select o.id, p.option_counts[o.position + 1] as count
      from poll_options o join polls p on p.id = o.poll_id where p.id = ${poll.id}::uuid order by o.position`);
});
