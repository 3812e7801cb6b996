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
  close(): Promise<void>;
};

const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
/** Any fixed number: instances starting together migrate one at a time. */
const MIGRATION_LOCK_ID = 7_160_433_001;

export type DatabaseOptions = { databaseUrl?: string; dataDir: string; poolSize: number };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize) : openPglite(options.dataDir);
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

/** PGlite is one process's database: a second process on the same files would corrupt them. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'pollcast.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(`DATA_DIR ${dataDir} is in use by process ${holder}; stop it or choose another DATA_DIR`, {
          cause: error,
        });
      }
      if (holder === process.pid)
        throw new Error(`DATA_DIR ${dataDir} is already open in this process`, { cause: error });
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock DATA_DIR ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
    application_name: 'pollcast',
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const prepared = async <T>(query: { sql: string; params: unknown[] }, name?: string) =>
    (await pool.query({ name, text: query.sql, values: query.params })).rows as T[];
  return withRows('postgres', db, prepared, () => pool.end());
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
    close,
  };
}

/** Applies pending migrations; on PostgreSQL under an advisory lock held on one connection. */
export async function migrateDatabase(database: Database, databaseUrl?: string): Promise<void> {
  if (database.kind === 'pglite' || !databaseUrl) {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
