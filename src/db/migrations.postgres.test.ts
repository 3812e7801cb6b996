import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  counterMismatches,
  freshStore,
  servicesAvailability,
  type Mode,
  type Store,
} from '../../tests/support/harness';
import { migrateDatabase, MIGRATIONS_FOLDER, openDatabase, type Database } from './client';
import { openPollExport } from './poll-export';

const services = await servicesAvailability();

/** A copy of drizzle/ that stops after the migration named `lastTag`: the schema as an older release had it. */
function migrationsUpTo(lastTag: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-migrations-'));
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  const last = journal.entries.findIndex((entry: { tag: string }) => entry.tag === lastTag);
  if (last === -1) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

function defineMigrationTests(mode: Mode): void {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function databaseAt(lastTag: string): Promise<{ store: Store; database: Database }> {
    const store = await freshStore(mode);
    cleanups.push(() => store.drop());
    const database = await openDatabase({
      databaseUrl: store.url,
      dataDir: store.dataDir,
      poolSize: 2,
      timeoutMs: 5_000,
    });
    cleanups.push(() => database.close());
    const folder = migrationsUpTo(lastTag);
    cleanups.push(async () => fs.rmSync(folder, { recursive: true, force: true }));
    await migrateDatabase(database, store.url, folder);
    return { store, database };
  }

  it(`takes polls and votes from before per-poll settings to the newest schema, every vote kept (${mode})`, async () => {
    const { store, database } = await databaseAt('0002_voter_addresses_canonical');
    const polls = await database.rows<{ id: string }>(sql`
      insert into polls (title, admin_token_hash, is_active)
      values ('Open poll', 'x', true), ('Closed poll', 'y', false) returning id`);
    const ballots: [string, string][] = [];
    for (const [p, poll] of polls.entries()) {
      const options = await database.rows<{ id: string }>(sql`
        insert into poll_options (poll_id, option_text, position)
        values (${poll.id}, 'A', 0), (${poll.id}, 'B', 1), (${poll.id}, 'C', 2) returning id`);
      for (let v = 0; v < 7; v++) {
        const option = options[(v * (p + 1)) % 3]!.id;
        await database.rows(sql`
          insert into votes (poll_id, option_id, voter_ip) values (${poll.id}, ${option}, ${`10.${p}.0.${v}`}::inet)`);
        ballots.push([poll.id, option]);
      }
    }
    await database.rows(
      sql`update poll_options o set vote_count = (select count(*) from votes v where v.option_id = o.id)`,
    );
    await database.rows(
      sql`update polls p set total_votes = (select count(*) from votes v where v.poll_id = p.id), seq = 7`,
    );
    const before = await database.rows(sql`select id, poll_id, option_id, voter_ip::text as ip from votes order by id`);
    const countsBefore = await database.rows(sql`select id, vote_count from poll_options order by id`);

    await migrateDatabase(database, store.url);

    expect(
      await database.rows(sql`select id, poll_id, option_id, voter_ip::text as ip from votes order by id`),
    ).toEqual(before);
    // Each option's count now lives in its poll's row.
    expect(
      await database.rows(sql`
        select o.id, p.option_counts[o.position + 1] as vote_count
        from poll_options o join polls p on p.id = o.poll_id order by o.id`),
    ).toEqual(countsBefore);
    // Each old vote is a one-option ballot: its choice is its option.
    const choices = await database.rows<{ poll_id: string; option_id: string }>(sql`
      select c.poll_id, c.option_id from vote_choices c join votes v on v.id = c.vote_id and v.option_id = c.option_id
      order by c.vote_id`);
    expect(choices).toHaveLength(ballots.length);
    expect(await counterMismatches({ database } as never)).toEqual([]);
    const settings = await database.rows(sql`
      select voter_identity, max_choices, results_visibility, listed, total_votes, seq from polls order by title`);
    // Polls from before `listed` were in the public lists, and stay there.
    expect(settings).toEqual([
      {
        voter_identity: 'address',
        max_choices: 1,
        results_visibility: 'always',
        listed: true,
        total_votes: 7,
        seq: expect.anything(),
      },
      {
        voter_identity: 'address',
        max_choices: 1,
        results_visibility: 'always',
        listed: true,
        total_votes: 7,
        seq: expect.anything(),
      },
    ]);
    // Each old poll got a join code of its own.
    const codes = await database.rows<{ code: string }>(sql`select code from polls`);
    expect(codes.map((row) => row.code)).toEqual([expect.stringMatching(/^[2-9A-HJKMNP-Z]{6}$/), expect.any(String)]);
    expect(new Set(codes.map((row) => row.code)).size).toBe(2);
    // The old voters still count once: the same address cannot vote again in the migrated poll.
    await expect(
      database.rows(
        sql`insert into votes (poll_id, option_id, voter_ip) values (${polls[0]!.id}, ${ballots[0]![1]}, '10.0.0.0')`,
      ),
    ).rejects.toThrow();
    await expect(
      database.rows(sql`update polls set results_visibility = 'sometimes' where id = ${polls[0]!.id}`),
    ).rejects.toThrow();
  });

  it(`records the number each earlier creator chose, a ranked poll ranking every option as none (${mode})`, async () => {
    const { store, database } = await databaseAt('0009_ranked_polls');
    for (const [title, kind, maxChoices] of [
      ['Every', 'ranked', 4],
      ['Three', 'ranked', 3],
      ['Two', 'choice', 2],
      ['One', 'choice', 1],
    ] as const) {
      const [poll] = await database.rows<{ id: string }>(sql`
        insert into polls (title, admin_token_hash, kind, max_choices) values (${title}, 'x', ${kind}, ${maxChoices})
        returning id`);
      for (const [position, text] of ['A', 'B', 'C', 'D'].entries()) {
        await database.rows(
          sql`insert into poll_options (poll_id, option_text, position) values (${poll!.id}, ${text}, ${position})`,
        );
      }
    }

    await migrateDatabase(database, store.url);

    expect(
      await database.rows(sql`select title, max_choices, chosen_max_choices from polls order by max_choices`),
    ).toEqual([
      { title: 'One', max_choices: 1, chosen_max_choices: 1 },
      { title: 'Two', max_choices: 2, chosen_max_choices: 2 },
      { title: 'Three', max_choices: 3, chosen_max_choices: 3 },
      { title: 'Every', max_choices: 4, chosen_max_choices: null },
    ]);
  });

  it(`moves each ranked ballot's ranking into its row, choice ballots and the export unchanged (${mode})`, async () => {
    const { store, database } = await databaseAt('0011_chosen_max_choices');
    const pollOf = async (kind: string, texts: string[], maxChoices: number) => {
      const [poll] = await database.rows<{ id: string }>(sql`
        insert into polls (title, admin_token_hash, kind, max_choices, option_counts)
        values (${kind}, 'x', ${kind}, ${maxChoices}, ${`{${texts.map(() => 0).join(',')}}`}::int[]) returning id`);
      const ids: string[] = [];
      for (const [position, text] of texts.entries()) {
        const [option] = await database.rows<{ id: string }>(sql`
          insert into poll_options (poll_id, option_text, position) values (${poll!.id}, ${text}, ${position})
          returning id`);
        ids.push(option!.id);
      }
      return { id: poll!.id, ids };
    };
    const ranked = await pollOf('ranked', ['A', 'B', 'C', 'D'], 4);
    const choice = await pollOf('choice', ['yes', 'no', 'maybe'], 2);
    // As release 0011 stored ballots: one vote_choices row per option, a ranked one's with its rank.
    const ballots: [typeof ranked, number[], boolean][] = [
      [ranked, [2, 0, 3], true],
      [ranked, [1], true],
      [ranked, [2, 0, 3], true],
      [choice, [0, 2], false],
    ];
    for (const [v, [poll, positions, isRanked]] of ballots.entries()) {
      const [vote] = await database.rows<{ id: string }>(sql`
        insert into votes (poll_id, option_id, voter_ip, voted_at)
        values (${poll.id}, ${poll.ids[positions[0]!]}, ${`10.7.0.${v}`}::inet, now() - make_interval(secs => ${10 - v}))
        returning id`);
      for (const [rank, position] of positions.entries()) {
        await database.rows(sql`
          insert into vote_choices (vote_id, poll_id, option_id, rank)
          values (${vote!.id}, ${poll.id}, ${poll.ids[position]}, ${isRanked ? rank + 1 : null})`);
      }
    }
    await database.rows(sql`
      insert into poll_rankings (poll_id, ranking, ballots) values (${ranked.id}, '{2,0,3}', 2), (${ranked.id}, '{1}', 1)`);
    await database.rows(sql`update polls set total_votes = 3, option_counts = '{0,1,2,0}' where id = ${ranked.id}`);
    await database.rows(sql`update polls set total_votes = 1, option_counts = '{1,0,1}' where id = ${choice.id}`);

    await migrateDatabase(database, store.url);

    expect(await database.rows(sql`select poll_id, option_id, ranking from votes order by voted_at`)).toEqual(
      ballots.map(([poll, positions, isRanked]) => ({
        poll_id: poll.id,
        option_id: poll.ids[positions[0]!],
        ranking: isRanked ? positions : null,
      })),
    );
    expect(await database.rows(sql`select poll_id, option_id from vote_choices order by option_id`)).toEqual(
      [choice.ids[0]!, choice.ids[2]!].sort().map((id) => ({ poll_id: choice.id, option_id: id })),
    );
    expect(await counterMismatches({ database } as never)).toEqual([]);
    // The export reads every ballot as before: a ranking's options most preferred first, a choice ballot's in id order.
    for (const poll of [ranked, choice]) {
      const reader = await openPollExport(database, poll.id, { ballots: true });
      const values = (await reader!.nextBallots()).map((ballot) => ballot.values);
      await reader!.close();
      expect(values).toEqual(
        ballots
          .filter(([of]) => of === poll)
          .map(([, positions, isRanked]) => {
            const ids = positions.map((position) => poll.ids[position]!);
            return isRanked ? ids : ids.sort();
          }),
      );
    }
  });

  it(`rewrites older voter addresses to one form without losing a vote (${mode})`, async () => {
    const { store, database } = await databaseAt('0001_open_poll_list_indexes');
    const [poll] = await database.rows<{ id: string }>(
      sql`insert into polls (title, admin_token_hash) values ('Old poll', 'x') returning id`,
    );
    const options = await database.rows<{ id: string }>(sql`
      insert into poll_options (poll_id, option_text, position)
      values (${poll!.id}, 'A', 0), (${poll!.id}, 'B', 1) returning id`);
    const [a, b] = options.map((option) => option.id);
    // As an older release stored them: full IPv6 addresses, and an IPv4 voter in IPv6 form.
    const voters = [
      ['2001:db8:5:1::1', a],
      ['2001:db8:5:1::2', b],
      ['2001:db8:5:2::1', a],
      ['::ffff:10.9.8.7', b],
      ['10.1.1.1', a],
    ] as const;
    for (const [ip, option] of voters) {
      await database.rows(sql`
        insert into votes (poll_id, option_id, voter_ip, voted_at)
        values (${poll!.id}, ${option}, ${ip}::inet, now() - make_interval(secs => ${voters.length}))`);
    }
    await database.rows(
      sql`update poll_options o set vote_count = (select count(*) from votes v where v.option_id = o.id)`,
    );
    await database.rows(sql`update polls p set total_votes = (select count(*) from votes v where v.poll_id = p.id)`);
    const before = await database.rows(sql`select id, option_id from votes order by id`);

    await migrateDatabase(database, store.url);

    expect(await database.rows(sql`select id, option_id from votes order by id`)).toEqual(before);
    expect(await counterMismatches({ database } as never)).toEqual([]);
    const stored = await database.rows<{ ip: string }>(sql`select voter_ip::text as ip from votes order by ip`);
    expect(stored.map((row) => row.ip).sort()).toEqual(
      ['10.1.1.1/32', '10.9.8.7/32', '2001:db8:5:1::/64', '2001:db8:5:1::2/128', '2001:db8:5:2::/64'].sort(),
    );
    // The constraint now meets a new vote from the same /64 or the same IPv4 voter.
    await expect(
      database.rows(
        sql`insert into votes (poll_id, option_id, voter_ip) values (${poll!.id}, ${a}, '2001:db8:5:1::/64')`,
      ),
    ).rejects.toThrow();
    await expect(
      database.rows(sql`insert into votes (poll_id, option_id, voter_ip) values (${poll!.id}, ${a}, '10.9.8.7')`),
    ).rejects.toThrow();
  });
}

describe('migrations on PGlite', () => defineMigrationTests('embedded'));
describe.skipIf(!services.run)('migrations on PostgreSQL', () => defineMigrationTests('services'));
