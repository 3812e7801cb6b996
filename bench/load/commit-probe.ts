import pg from 'pg';
import { summarize, type Latency } from '../lib/stats';
import { serveCommands } from '../lib/worker';

/**
 * The durable-commit probe: while P6 runs, one-row INSERTs committed one at a time on their own
 * connection to the same PostgreSQL, on a fixed schedule, each timed from when it was due. A vote
 * is answered only after its batch committed, and a commit returns only after PostgreSQL's WAL
 * reached the disk (synchronous_commit on), so a vote can be no faster than a commit made at
 * the same moment. What the probe sees is that floor, stalls of the disk included.
 *
 * The probe's commits share the votes' WAL and its flushes. At 100/s they are about a tenth of the
 * commits PostgreSQL makes under P6 (whose batches hold a few votes each), at ~120 µs of its CPU
 * apiece: ~0.012 cores, about 2 % of what PostgreSQL and Redis use under P6.
 *
 * Worker commands (bench/lib/worker.ts): start (creates its table, starts the schedule), stop
 * (ends it, waits for the commit in flight, drops the table) → latencies from due time, ms.
 */

const TABLE = 'bench_commit_probe';

type StartInput = { databaseUrl: string; rate: number };
export type ProbeResult = { commits: number; failed: number; latency: Latency; rate: number };

let client: pg.Client | undefined;
let running: { stop(): Promise<ProbeResult> } | undefined;

async function start({ databaseUrl, rate }: StartInput): Promise<void> {
  if (running) throw new Error('the probe is already running');
  if (!(rate > 0 && rate <= 1000)) throw new Error(`bad probe rate ${rate}/s`);
  client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  await client.query(`create table if not exists ${TABLE} (id bigserial primary key, at timestamptz not null)`);
  const db = client;
  const interval = 1000 / rate;
  // Bounded: at most 10 minutes of probes, however long the caller forgets to stop.
  const latencies = new Float64Array(Math.ceil(rate * 600));
  let done = 0;
  let failed = 0;
  let stopping = false;
  const startedAt = performance.now();

  // One commit at a time: a probe due while another is in flight leaves when it returns, and its
  // wait counts, so a stall shows in every probe that fell due during it.
  const loop = (async () => {
    for (let i = 0; !stopping && i < latencies.length; i++) {
      const dueAt = startedAt + i * interval;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopping) break;
      try {
        await db.query(`insert into ${TABLE} (at) values (now())`);
        latencies[done++] = performance.now() - dueAt;
      } catch {
        failed++;
      }
    }
  })();

  running = {
    async stop() {
      stopping = true;
      await loop;
      return { commits: done, failed, latency: summarize(latencies.subarray(0, done), { p999: true }), rate };
    },
  };
}

async function stop(): Promise<ProbeResult> {
  if (!running || !client) throw new Error('the probe is not running');
  const result = await running.stop();
  running = undefined;
  await client.query(`drop table if exists ${TABLE}`);
  await client.end();
  client = undefined;
  return result;
}

serveCommands({ start, stop });
