import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type Store } from '../../tests/support/harness';
import { migrateDatabase, openDatabase, type Database } from '../db/client';
import { insertPoll } from '../db/poll-writes';
import type { CommittedPoll, PollWithOptions } from '../domain/polls';
import { createPollSchema } from '../domain/schemas';
import type { VoteRequest } from './ballot';
import { VoteWriter } from './writer';

/**
 * Ranked ballots through the vote batch on PGlite: what the one statement stores (each ballot's
 * ranking, the first-round counts, the ranking counts) and how it answers a voter who comes back.
 */
describe('ranked ballots in the vote batch', () => {
  let store: Store;
  let database: Database;
  let writer: VoteWriter;
  let ranked: PollWithOptions;
  let choice: PollWithOptions;
  const commits: CommittedPoll[] = [];
  let voters = 0;

  beforeAll(async () => {
    store = await freshStore('embedded');
    database = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    await migrateDatabase(database);
    writer = new VoteWriter(database, { batchMax: 100, writers: 1, onCommit: (changes) => commits.push(...changes) });
    const input = (kind: 'choice' | 'ranked', options: string[], maxChoices: number) => ({
      ...createPollSchema.parse({ kind, title: 't', options }),
      max_choices: maxChoices,
    });
    ranked = await insertPoll(database, input('ranked', ['A', 'B', 'C', 'D'], 3), null, 'hash');
    choice = await insertPoll(database, input('choice', ['yes', 'no'], 1), null, 'hash');
  });
  afterAll(async () => {
    await writer?.drain();
    await database?.close();
    await store?.drop();
  });

  /** The option ids of a ranked poll's options named by their texts, in that order. */
  const idsOf = (poll: PollWithOptions, texts: string) =>
    [...texts].map((text) => poll.options.find((option) => option.option_text === text)!.id);
  const newVoter = () => {
    voters++;
    const address = `10.9.${voters >> 8}.${voters & 255}`;
    return { voter: { address, browser: crypto.randomUUID() }, voterKey: address };
  };
  const ballot = (poll: PollWithOptions, optionIds: string[], ranked: boolean, who = newVoter()): VoteRequest => ({
    pollId: poll.id,
    kind: ranked ? 'ranked' : 'choice',
    values: optionIds,
    answers: [],
    ...who,
  });

  it('stores each ranking in its ballot, counts first choices only and one count per distinct ranking', async () => {
    const outcomes = await Promise.all(
      ['ABC', 'BA', 'ABC', 'C'].map((order) => writer.submit(ballot(ranked, idsOf(ranked, order), true))),
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['counted', 'counted', 'counted', 'counted']);
    const last = outcomes.at(-1) as Extract<(typeof outcomes)[number], { kind: 'counted' }>;
    const [a, b, c, d] = idsOf(ranked, 'ABCD');
    expect(last.counts).toEqual({
      total_votes: 4,
      options: [
        { id: a, count: 2 },
        { id: b, count: 1 },
        { id: c, count: 1 },
        { id: d, count: 0 },
      ],
    });

    const rankings = await database.rows<{ ranking: number[]; ballots: number }>(
      sql`select ranking, ballots from poll_rankings where poll_id = ${ranked.id}::uuid order by ranking`,
    );
    expect(rankings).toEqual([
      { ranking: [0, 1, 2], ballots: 2 },
      { ranking: [1, 0], ballots: 1 },
      { ranking: [2], ballots: 1 },
    ]);
    // Each ballot's row holds its first choice and its ranking as option positions; no vote_choices rows.
    const stored = await database.rows<{ option_id: string; ranking: number[] }>(
      sql`select option_id, ranking from votes where poll_id = ${ranked.id}::uuid order by ranking`,
    );
    expect(stored).toEqual([
      { option_id: a, ranking: [0, 1, 2] },
      { option_id: a, ranking: [0, 1, 2] },
      { option_id: b, ranking: [1, 0] },
      { option_id: c, ranking: [2] },
    ]);
    expect(await database.rows(sql`select * from vote_choices where poll_id = ${ranked.id}::uuid`)).toEqual([]);

    const change = commits.find((committed) => committed.pollId === ranked.id)!;
    expect(change.kind).toBe('ranked');
    expect(change.optionDeltas).toEqual({ [a!]: 2, [b!]: 1, [c!]: 1 });
    expect(change.rankings).toEqual(['ABC', 'BA', 'ABC', 'C'].map((order) => idsOf(ranked, order)));
  });

  it('answers a voter who ranks the same again as repeated, and any other order with the earlier ranking', async () => {
    const who = newVoter();
    expect((await writer.submit(ballot(ranked, idsOf(ranked, 'DB'), true, who))).kind).toBe('counted');
    expect((await writer.submit(ballot(ranked, idsOf(ranked, 'DB'), true, who))).kind).toBe('repeated');
    expect(await writer.submit(ballot(ranked, idsOf(ranked, 'BD'), true, who))).toEqual({
      kind: 'already_voted',
      values: idsOf(ranked, 'DB'),
    });
  });

  it('refuses a ranking in a choice poll and options in a ranked poll, storing neither', async () => {
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from votes`);
    expect(await writer.submit(ballot(ranked, idsOf(ranked, 'A'), false))).toEqual({ kind: 'wrong_kind' });
    expect(await writer.submit(ballot(choice, [choice.options[0]!.id], true))).toEqual({ kind: 'wrong_kind' });
    expect(await database.rows(sql`select count(*)::int as n from votes`)).toEqual(before);
  });

  it('keeps a choice ballot as before: its choices in vote_choices, no ranking, no ranking count', async () => {
    const outcome = await writer.submit(ballot(choice, [choice.options[1]!.id], false));
    expect(outcome.kind).toBe('counted');
    expect(
      await database.rows(sql`select c.option_id, v.ranking from vote_choices c join votes v on v.id = c.vote_id
                              where c.poll_id = ${choice.id}::uuid`),
    ).toEqual([{ option_id: choice.options[1]!.id, ranking: null }]);
    expect(await database.rows(sql`select * from poll_rankings where poll_id = ${choice.id}::uuid`)).toEqual([]);
  });

  it('counts a choice and a ranked ballot that share one batch, each as its kind counts', async () => {
    const before = await database.rows<{ ballots: number }>(
      sql`select coalesce(sum(ballots), 0)::int as ballots from poll_rankings where poll_id = ${ranked.id}::uuid`,
    );
    const outcomes = await Promise.all([
      writer.submit(ballot(choice, [choice.options[0]!.id], false)),
      writer.submit(ballot(ranked, idsOf(ranked, 'DC'), true)),
    ]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['counted', 'counted']);
    const after = await database.rows<{ ballots: number }>(
      sql`select coalesce(sum(ballots), 0)::int as ballots from poll_rankings where poll_id = ${ranked.id}::uuid`,
    );
    expect(after[0]!.ballots).toBe(before[0]!.ballots + 1);
    expect(await database.rows(sql`select * from poll_rankings where poll_id = ${choice.id}::uuid`)).toEqual([]);
  });
});
