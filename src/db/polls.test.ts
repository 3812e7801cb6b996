import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type Store } from '../../tests/support/harness';
import { isOpenAt } from '../domain/polls';
import { migrateDatabase, openDatabase, type Database } from './client';
import { findPoll } from './poll-reads';
import { openAt } from './polls';
import { findOpenPollsByIds } from './trending-polls';
import { polls } from './schema';

describe('whether a poll is open, as TypeScript and PostgreSQL (PGlite) judge it', () => {
  let store: Store;
  let database: Database;
  beforeAll(async () => {
    store = await freshStore('embedded');
    database = await openDatabase({ dataDir: store.dataDir, poolSize: 1 });
    await migrateDatabase(database);
  });
  afterAll(async () => {
    await database?.close();
    await store?.drop();
  });

  const instant = new Date('2026-06-01T12:00:00.000Z');
  const at = (ms: number) => new Date(instant.getTime() + ms);
  const endTimes: [string, Date | null][] = [
    ['no end time', null],
    ['an end a day before', at(-86_400_000)],
    ['an end a millisecond before', at(-1)],
    ['an end at the instant', instant],
    ['an end a millisecond after', at(1)],
    ['an end a day after', at(86_400_000)],
  ];
  const cases = [true, false].flatMap((isActive) =>
    endTimes.map(([label, expiresAt]) => ({
      label: `${isActive ? 'active' : 'closed'}, ${label}`,
      isActive,
      expiresAt,
    })),
  );

  it('gives the same answer for every case, the end time itself being closed', async () => {
    const ids = (
      await database.db
        .insert(polls)
        .values(
          cases.map(({ label, isActive, expiresAt }) => ({
            title: label,
            isActive,
            expiresAt,
            adminTokenHash: 'x',
            // The trending read (findOpenPollsByIds) only names listed polls.
            listed: true,
          })),
        )
        .returning({ id: polls.id })
    ).map((row) => row.id);
    const judgedBySql = new Map(
      (
        await database.db
          .select({ id: polls.id, open: openAt(polls, instant) })
          .from(polls)
          .where(inArray(polls.id, ids))
      ).map((row) => [row.id, row.open]),
    );
    const listedOpen = new Set((await findOpenPollsByIds(database, ids, instant)).map((poll) => poll.id));

    const verdicts: Record<string, boolean> = {};
    for (const [i, { label }] of cases.entries()) {
      const id = ids[i]!;
      const poll = await findPoll(database, id);
      const judgedByTs = isOpenAt(poll!, instant);
      expect(judgedBySql.get(id), label).toBe(judgedByTs);
      expect(listedOpen.has(id), label).toBe(judgedByTs);
      verdicts[label] = judgedByTs;
    }
    expect(verdicts).toEqual({
      'active, no end time': true,
      'active, an end a day before': false,
      'active, an end a millisecond before': false,
      'active, an end at the instant': false,
      'active, an end a millisecond after': true,
      'active, an end a day after': true,
      'closed, no end time': false,
      'closed, an end a day before': false,
      'closed, an end a millisecond before': false,
      'closed, an end at the instant': false,
      'closed, an end a millisecond after': false,
      'closed, an end a day after': false,
    });
  });
});
