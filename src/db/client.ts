import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { classifyDatabaseError, failureText } from './errors';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The system of record: PGlite on disk (embedded) or a node-postgres pool (services). */
export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs one query and returns its rows; the same call on both drivers. */
  rows<T>(query: SQL): Promise<T[]>;
  /** The same, as a named prepared statement: planned once per connection, for the hot path. */
  preparedRows<T>(name: string, query: SQL): Promise<T[]>;
  ping(): Promise<void>;
  /**
   * Services mode only: a pooled connection for the caller alone, for a transaction that spans
   * several calls (the export's cursor, src/db/poll-export.ts). The caller releases it.
   */
  connect?: () => Promise<pg.PoolClient>;
  /** How the vote path's writes are going, for health: its writer reports each outcome. */
  writes: WriteHealth;
  close(): Promise<void>;
};

type WriteHealth = {
  succeeded(): void;
  failed(error: unknown): void;
  /** The last write failure meaning "unavailable", if it is recent and no write succeeded since. */
  failing(withinMs: number): { reason: string } | undefined;
};

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/** Any fixed number: instances starting together migrate one at a time. */
const MIGRATION_LOCK_ID = 7_160_433_001;

export type DatabaseOptions = {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  /** Bounds each PostgreSQL call; PGlite runs in this process, with no link to lose. */
  timeoutMs?: number;
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize, options.timeoutMs ?? 5_000)
    : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  const client = await PGlite.create(path.join(dataDir, 'pgdata')).catch((error: unknown) => {
    releaseLock();
    throw error;
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const prepared = async <T>(query: { sql: string; params: unknown[] }) =>
    (await client.query<T>(query.sql, query.params)).rows;
  return withRows('pglite', db, prepared, async () => {
    if (!client.closed) await client.close();
    releaseLock();
  });
}

/**
 * Every call is bounded by `timeoutMs`, so a slow, frozen or full database becomes a 503 in
 * bounded time instead of a request hanging. The server cancels a slow statement itself
 * (statement_timeout, SQLSTATE 57014), which keeps the connection usable; the client-side
 * query_timeout is a little longer so it only fires when no answer can come (a frozen link).
 * Waiting for a free or new connection is bounded by the same value, so one call waits at most
 * about twice the bound.
 */
async function openPostgres(url: string, poolSize: number, timeoutMs: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: timeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: timeoutMs,
    // Room for the server's cancel to arrive first over a slow but working link.
    query_timeout: timeoutMs + 500,
    // A client lost mid-transaction must not keep its row locks (polls, options) until TCP gives up.
    idle_in_transaction_session_timeout: timeoutMs * 2,
    application_name: 'pollcast',
    // Every statement here is short; compiling one (JIT) cost several times a whole vote batch, and
    // PostgreSQL chooses it from cost estimates of branches the batch never runs (docs/BENCHMARKS.md).
    options: '-c jit=off',
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  pool.on('connect', endOnReadTimeout);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const prepared = async <T>(query: { sql: string; params: unknown[] }, name?: string) =>
    (await pool.query({ name, text: query.sql, values: query.params })).rows as T[];
  return { ...withRows('postgres', db, prepared, () => pool.end()), connect: () => pool.connect() };
}

/**
 * After query_timeout pg answers the caller but the connection still waits for the lost reply,
 * and drizzle's transaction releases its client without the error, so the pool would hand it
 * out again: the next request would queue behind the lost query, or run inside a transaction
 * that was never rolled back. Ending the client on a read timeout destroys its socket (pg
 * does so when a query is still active), fails anything queued on it at once, and makes the
 * pool drop it on release, whichever path released it.
 */
function endOnReadTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const endIfTimedOut = (error: unknown) => {
    if (error instanceof Error && error.message === 'Query read timeout') client.end().catch(() => undefined);
  };
  client.query = ((...args: unknown[]) => {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at >= 0) {
      const callback = args[at] as (error: unknown, result: unknown) => void;
      args[at] = (error: unknown, result: unknown) => {
        if (error) endIfTimedOut(error);
        callback(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      endIfTimedOut(error);
      throw error;
    });
  }) as typeof client.query;
}

type RunPrepared = <T>(query: { sql: string; params: unknown[] }, name?: string) => Promise<T[]>;

const dialect = new PgDialect();

function withRows(kind: Database['kind'], db: Db, runPrepared: RunPrepared, close: () => Promise<void>): Database {
  const rows = async <T>(query: SQL): Promise<T[]> => {
    const result = (await db.execute(query)) as unknown as { rows: T[] };
    return result.rows;
  };
  return {
    kind,
    db,
    rows,
    preparedRows: <T>(name: string, query: SQL) => runPrepared<T>(dialect.sqlToQuery(query), name),
    ping: async () => {
      await rows(sql`select 1`);
    },
    writes: writeHealth(),
    close,
  };
}

function writeHealth(): WriteHealth {
  let lastFailure: { at: number; reason: string } | undefined;
  return {
    succeeded: () => {
      lastFailure = undefined;
    },
    failed: (error) => {
      const failure = classifyDatabaseError(error);
      if (failure?.kind !== 'unavailable') return;
      lastFailure = { at: Date.now(), reason: failureText(failure) };
    },
    failing: (withinMs) =>
      lastFailure && Date.now() - lastFailure.at <= withinMs ? { reason: lastFailure.reason } : undefined,
  };
}

/** Applies pending migrations; on PostgreSQL under an advisory lock held on one connection. */
export async function migrateDatabase(
  database: Database,
  databaseUrl?: string,
  migrationsFolder = MIGRATIONS_FOLDER,
): Promise<void> {
  if (database.kind === 'pglite' || !databaseUrl) {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
