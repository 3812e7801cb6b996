import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type Store } from '../../tests/support/harness';
import { createPollSchema } from '../domain/schemas';
import { migrateDatabase, openDatabase, type Database } from './client';
import { insertPoll } from './poll-writes';
import { BALLOTS_PER_PAGE, openPollExport, type BallotRow, type PollExportReader } from './poll-export';

/**
 * The export's reads on PGlite, where they page by keyset instead of holding a transaction:
 * every ballot exactly once, in the order cast, and none committed after the first read.
 */
describe('the export reads on PGlite', () => {
  let store: Store;
  let database: Database;
  let voters = 0;

  beforeAll(async () => {
    store = await freshStore('embedded');
    database = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await database?.close();
    await store?.drop();
  });

  const newPoll = () =>
    insertPoll(
      database,
      { ...createPollSchema.parse({ title: 't', options: ['a', 'b'] }), max_choices: 1 },
      null,
      'hash',
    );

  /** `count` ballots for the poll's first option, all cast at `instant`, with the counters the vote writer keeps. */
  const castAt = async (poll: { id: string; options: { id: string }[] }, instant: string, count = 1) => {
    const first = voters;
    voters += count;
    await database.rows(sql`
      with ballots as (
        insert into votes (poll_id, option_id, voter_ip, voted_at)
        select ${poll.id}::uuid, ${poll.options[0]!.id}::uuid, '172.16.0.0'::inet + ${first}::int + i,
               ${instant}::timestamptz
        from generate_series(1, ${count}::int) i
        returning id, poll_id, option_id),
      choices as (insert into vote_choices (vote_id, poll_id, option_id) select id, poll_id, option_id from ballots)
      update polls set total_votes = total_votes + ${count}::int, option_counts[1] = option_counts[1] + ${count}::int
      where id = ${poll.id}::uuid`);
  };

  const readAll = async (reader: PollExportReader) => {
    const ballots: BallotRow[] = [];
    for (let page = await reader.nextBallots(); page.length > 0; page = await reader.nextBallots()) {
      expect(page.length).toBeLessThanOrEqual(BALLOTS_PER_PAGE);
      ballots.push(...page);
    }
    return ballots;
  };

  it('reads every ballot once in the order cast, across pages that split ballots of one instant', async () => {
    const poll = await newPoll();
    // Batches of 700 cast at one instant each: every page boundary falls inside one of them.
    const instants = ['2026-06-01T12:00:00.001Z', '2026-06-01T12:00:00.002Z', '2026-06-01T12:00:00.003Z'];
    for (const instant of instants) await castAt(poll, instant, 700);
    const reader = (await openPollExport(database, poll.id, { ballots: true }))!;
    const ballots = await readAll(reader);
    expect(ballots).toHaveLength(2_100);
    expect(ballots.map((ballot) => ballot.voted_at)).toEqual(
      instants.flatMap((instant) => Array(700).fill(instant.replace('Z', '000Z'))),
    );
    const ids = await database.rows<{ n: number }>(sql`
      select count(distinct v.id)::int as n from votes v where v.poll_id = ${poll.id}::uuid`);
    expect(ids[0]!.n).toBe(2_100);
    expect(reader.head.poll.total_votes).toBe(2_100);
  });

  it('leaves out ballots committed after the first read, even one cast in the newest ballot’s millisecond', async () => {
    const poll = await newPoll();
    await castAt(poll, '2026-06-01T12:00:00.001Z', 2);
    await castAt(poll, '2026-06-01T12:00:00.005Z', 2);
    const reader = (await openPollExport(database, poll.id, { ballots: true }))!;
    // Another batch that left in the same millisecond as the newest one, then a later one.
    await castAt(poll, '2026-06-01T12:00:00.005Z');
    await castAt(poll, '2026-06-01T12:00:00.009Z');
    const ballots = await readAll(reader);
    expect(ballots.map((ballot) => ballot.voted_at)).toEqual([
      '2026-06-01T12:00:00.001000Z',
      '2026-06-01T12:00:00.001000Z',
      '2026-06-01T12:00:00.005000Z',
      '2026-06-01T12:00:00.005000Z',
    ]);
    expect(reader.head.poll.total_votes).toBe(4);
    expect(reader.head.options.map((option) => option.votes)).toEqual([4, 0]);
    expect(ballots.every((ballot) => ballot.values[0] === poll.options[0]!.id)).toBe(true);
  });

  it('reads a poll without ballots, and no poll at all', async () => {
    const poll = await newPoll();
    const reader = (await openPollExport(database, poll.id, { ballots: true }))!;
    expect(await reader.nextBallots()).toEqual([]);
    expect(reader.head.options.map((option) => option.option_text)).toEqual(['a', 'b']);
    expect(await openPollExport(database, '00000000-0000-4000-8000-000000000000', { ballots: true })).toBeUndefined();
  });
});
