import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';

/** The bench's own PostgreSQL database, the vote-count check, and Redis clean-up. */

const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = 'redis://127.0.0.1:6379';

export type BenchDatabase = { name: string; url: string; drop(): Promise<void> };

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `pollcast_bench_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Writes out what earlier steps left for the disk before the next one measures: PostgreSQL's
 * dirty buffers (CHECKPOINT, which also syncs its files) and the kernel's other dirty pages
 * (`sync`). Otherwise a step inherits the writeback of the ones before it (the insert baseline
 * alone stores ~1.4 M rows), and its commits' WAL flushes queue behind that on the disk.
 */
export async function settleDisk(timeoutMs = 120_000): Promise<void> {
  await adminQuery('checkpoint');
  spawnSync('sync', { timeout: timeoutMs });
}

export async function postgresVersion(): Promise<string> {
  const result = await adminQuery('show server_version');
  return String(result.rows[0]?.server_version ?? 'unknown');
}

/** What the database holds for a set of polls; a correct run has rows = both counter sums. */
export type VoteCount = { rows: number; pollCounters: number; optionCounters: number; pollsOff: number };

/**
 * What each kind's ballots add up in besides the ballot rows: a choice ballot in its poll's option
 * counters; a ranked one in its poll's ranking counts (it also counts its first choice among the
 * option counters, but a ranking count that drifted would not show there); a text ballot in its
 * poll's answer groups (the bench's text ballots hold one answer each, so the groups sum to the rows).
 */
const BALLOT_COUNTERS: Record<string, string> = {
  choice: 'select coalesce(sum(c), 0) from polls, unnest(option_counts) c where id = any($1::uuid[])',
  ranked: 'select coalesce(sum(ballots), 0) from poll_rankings where poll_id = any($1::uuid[])',
  text: 'select coalesce(sum(ballots), 0) from poll_answer_groups where poll_id = any($1::uuid[])',
};

const countSql = (ballot: string) => `
  select (select count(*) from votes where poll_id = any($1::uuid[]))::int as rows,
         (select coalesce(sum(total_votes), 0) from polls where id = any($1::uuid[]))::int as poll_counters,
         (${BALLOT_COUNTERS[ballot] ?? BALLOT_COUNTERS.choice})::int as option_counters,
         (select count(*) from polls p where p.id = any($1::uuid[])
            and p.total_votes <> (select count(*) from votes v where v.poll_id = p.id))::int as polls_off`;

type CountRow = { rows: number; poll_counters: number; option_counters: number; polls_off: number };

function toVoteCount(row: CountRow | undefined): VoteCount {
  if (!row) throw new Error('the vote count query returned nothing');
  return {
    rows: row.rows,
    pollCounters: row.poll_counters,
    optionCounters: row.option_counters,
    pollsOff: row.polls_off,
  };
}

export async function countVotes(databaseUrl: string, pollIds: string[], ballot = 'choice'): Promise<VoteCount> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return toVoteCount((await client.query<CountRow>(countSql(ballot), [pollIds])).rows[0]);
  } finally {
    await client.end();
  }
}

/** The same count in an embedded data directory, opened after pollcast has stopped. */
export async function countVotesEmbedded(dataDir: string, pollIds: string[]): Promise<VoteCount> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(dataDir, 'pgdata'));
  try {
    return toVoteCount((await db.query<CountRow>(countSql('choice'), [pollIds])).rows[0]);
  } finally {
    await db.close();
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Deletes the Redis keys that name one of the bench's polls, and their trending entries, in one
 * SCAN pass; nothing else is touched, as Redis is shared. Per-voter rate-limit keys expire alone.
 */
export async function forgetPollsInRedis(pollIds: string[]): Promise<number> {
  const ours = new Set(pollIds);
  const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2_000, reconnectStrategy: false } });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    let deleted = 0;
    for await (const keys of redis.scanIterator({ COUNT: 1000 })) {
      const mine = keys.filter((key) => ours.has(UUID.exec(key)?.[0] ?? ''));
      if (mine.length > 0) deleted += await redis.del(mine);
    }
    if (pollIds.length > 0) await redis.zRem('trending_polls', pollIds);
    return deleted;
  } finally {
    await redis.quit();
  }
}
