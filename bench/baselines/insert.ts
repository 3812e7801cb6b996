import crypto from 'node:crypto';
import pg from 'pg';
import { serveCommands } from '../lib/worker';

/**
 * The same-run baseline for PostgreSQL's CPU per vote: the least work that stores the same rows
 * a vote stores, a plain multi-row INSERT, in a closed loop over a few connections.
 *
 * What "the same rows" means here: pollcast stores a vote as a ballot row in `votes` and its
 * choice in `vote_choices`. This baseline inserts exactly that pair per row into two scratch
 * tables made with `CREATE TABLE … (LIKE votes INCLUDING ALL)` and `(LIKE vote_choices
 * INCLUDING ALL)`: the same columns, types, defaults (gen_random_uuid() ids), NOT NULLs, primary
 * keys and the same unique and plain indexes (LIKE copies indexes, partial ones included), but
 * no foreign keys (LIKE never copies them), no ON CONFLICT, no poll or option rows locked, no
 * counters updated, nothing read back but the ballot ids the choices need. One statement per
 * batch (a CTE: the ballots' INSERT … RETURNING feeds the choices' INSERT), so one round trip and
 * one commit per 100 rows, with the server's default settings (synchronous_commit on).
 *
 * Worker commands (bench/lib/worker.ts): setup, run (the closed loop for a while), teardown.
 */

const VOTES = 'bench_insert_votes';
const CHOICES = 'bench_insert_choices';

type SetupInput = { databaseUrl: string; connections: number; batchRows: number; polls: number };

let clients: pg.Client[] = [];
let batchRows = 100;
let polls: { id: string; options: string[] }[] = [];
/** Each connection writes its own /8 of voter addresses, so the unique (poll, address) index never conflicts. */
let nextAddress: number[] = [];

async function setup(input: SetupInput): Promise<{ tables: string[] }> {
  batchRows = input.batchRows;
  const admin = new pg.Client({ connectionString: input.databaseUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const found = await admin.query<{ votes: string | null; choices: string | null }>(
      `select to_regclass('votes')::text as votes, to_regclass('vote_choices')::text as choices`,
    );
    if (!found.rows[0]?.votes || !found.rows[0]?.choices)
      throw new Error('votes / vote_choices missing: migrate the bench database first');
    await admin.query(`drop table if exists ${CHOICES}, ${VOTES}`);
    await admin.query(`create table ${VOTES} (like votes including all)`);
    await admin.query(`create table ${CHOICES} (like vote_choices including all)`);
  } finally {
    await admin.end();
  }
  // Made-up poll and option ids, as many polls as P1 spreads its votes over, four options each.
  polls = Array.from({ length: input.polls }, () => ({
    id: crypto.randomUUID(),
    options: Array.from({ length: 4 }, () => crypto.randomUUID()),
  }));
  clients = [];
  nextAddress = [];
  for (let i = 0; i < input.connections; i++) {
    const client = new pg.Client({ connectionString: input.databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    clients.push(client);
    nextAddress.push((11 + i) * 0x1000000);
  }
  return { tables: [VOTES, CHOICES] };
}

function statementText(rows: number): string {
  const values = Array.from(
    { length: rows },
    (_, i) => `($${i * 3 + 1}::uuid, $${i * 3 + 2}::uuid, $${i * 3 + 3}::inet, $${rows * 3 + 1}::timestamptz)`,
  );
  return (
    `with ballot as (insert into ${VOTES} (poll_id, option_id, voter_ip, voted_at) values ${values.join(', ')} ` +
    `returning id, poll_id, option_id) ` +
    `insert into ${CHOICES} (vote_id, poll_id, option_id) select id, poll_id, option_id from ballot`
  );
}

function voterAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function batchValues(connection: number): unknown[] {
  const values: unknown[] = [];
  for (let i = 0; i < batchRows; i++) {
    const poll = polls[Math.floor(Math.random() * polls.length)]!;
    const address = nextAddress[connection]!++;
    if ((address & 0xffffff) === 0xffffff) throw new Error('connection ran out of voter addresses');
    values.push(poll.id, poll.options[Math.floor(Math.random() * poll.options.length)]!, voterAddress(address));
  }
  values.push(new Date().toISOString());
  return values;
}

/** The closed loop: every connection sends its next batch as soon as the last one committed, until durationMs. */
async function run({ durationMs }: { durationMs: number }) {
  if (clients.length === 0) throw new Error('run before setup');
  const text = statementText(batchRows);
  const name = `bench_insert_${batchRows}`;
  const startedAt = performance.now();
  const stopAt = startedAt + durationMs;
  let statements = 0;
  const loop = async (client: pg.Client, connection: number) => {
    while (performance.now() < stopAt) {
      await client.query({ name, text, values: batchValues(connection) });
      statements++;
    }
  };
  await Promise.all(clients.map((client, i) => loop(client, i)));
  const ms = performance.now() - startedAt;
  const rows = statements * batchRows;
  return { statements, rows, ms, rowsPerSecond: rows / (ms / 1000) };
}

async function teardown(input: { databaseUrl: string }): Promise<{ rows: number }> {
  await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  clients = [];
  const admin = new pg.Client({ connectionString: input.databaseUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    const counted = await admin.query<{ rows: number }>(`select count(*)::int as rows from ${CHOICES}`);
    await admin.query(`drop table if exists ${CHOICES}, ${VOTES}`);
    return { rows: counted.rows[0]?.rows ?? 0 };
  } finally {
    await admin.end();
  }
}

serveCommands({ setup, run, teardown });
