import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * An empty PGlite cluster (initdb done, no migration run), made once per test file and copied into
 * a data directory before pollcast first opens it. initdb is most of an embedded server's first
 * start: 3 s on an idle machine, 11 to 13 s at load 9; a copy takes a fraction of a second. The
 * server still migrates the copy from nothing, as on a fresh data directory.
 */

let template: Promise<string> | undefined;

/** The template's directory, made on first call; a suite's beforeAll calls it so no test pays for initdb. */
export function pgliteTemplate(): Promise<string> {
  template ??= makeTemplate();
  return template;
}

function makeTemplate(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pollcast-pglite-template-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const pgdata = path.join(dir, 'pgdata');
  return PGlite.create(pgdata).then(async (client) => {
    await client.close();
    return pgdata;
  });
}

/** Puts an initialised, empty cluster where pollcast opens its database (src/db/client.ts: `<DATA_DIR>/pgdata`). */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  fs.cpSync(await pgliteTemplate(), path.join(dataDir, 'pgdata'), { recursive: true });
}

/** Reads a stopped embedded server's database directly: the rows a query returns. */
export async function queryPgliteDataDir<T>(dataDir: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = await PGlite.create(path.join(dataDir, 'pgdata'));
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.close();
  }
}
