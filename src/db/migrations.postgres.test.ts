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
