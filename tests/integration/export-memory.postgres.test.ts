import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  freshStore,
  nextVoterIp,
  servicesAvailability,
  startInstance,
  type Store,
  type TestServer,
} from '../support/harness';

/**
 * A million ballots exported over real HTTP from real PostgreSQL, in constant memory: the
 * server (in this process) streams the CSV from a cursor while the test measures what this
 * process keeps in memory, which stays a fraction of the file's size. Halfway the reader stops
 * for a while, as a slow download does; a server that read ahead regardless would pile up pages.
 */

const services = await servicesAvailability();

const BALLOTS = 1_000_000;
/** Twenty options make each row ~66 bytes: a file well over the memory bound below. */
const OPTIONS = Array.from({ length: 20 }, (_, i) => `Option ${i + 1}`);
/**
 * What the process holds once garbage is collected, at most: a few pages and the sockets'
 * buffers. Far below the file's 65 MB, and below what 5 seconds of reading ahead would pile up.
 */
const RETAINED_BOUND = 16 * 1024 * 1024;
const PAUSE_MS = 5_000;

/**
 * The heap and buffers still referenced, after a full collection. Sampling heapUsed alone would
 * measure when V8 gets round to collecting (it let ~75 MB of garbage build up here), not what
 * the export keeps.
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
function retainedBytes(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe.skipIf(!services.run)('exporting a million ballots from PostgreSQL', () => {
  let store: Store;
  let server: TestServer;
  let poll: { id: string; code: string; admin_token: string; options: { id: string }[] };

  beforeAll(async () => {
    store = await freshStore('services');
    // The pause below stays within the stall limit (twice DB_TIMEOUT_MS).
    server = await startInstance(store, { DB_TIMEOUT_MS: String(PAUSE_MS) });
    const created = await client(server.url)('POST', '/api/polls', {
      json: { title: 'A big one', options: OPTIONS },
      ip: nextVoterIp(),
    });
    expect(created.status).toBe(201);
    poll = created.body;
    const db = new pg.Client({ connectionString: store.url });
    await db.connect();
    try {
      // Loading test data: foreign keys are known to hold, and checking each (a trigger per row) is most of the time.
      await db.query('set session_replication_role = replica');
      // One statement for ballots and choices, then the counters, as the vote writer leaves them.
      // Ids in order fill the indexes at their end, which is quicker than random ones.
      await db.query(
        `with ballots as (
           insert into votes (id, poll_id, option_id, voter_ip, voted_at)
           select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
                  $1::uuid, ($2::uuid[])[1 + i % $3], '172.16.0.0'::inet + i,
                  now() - interval '1 day' + i * interval '1 ms'
           from generate_series(1, $4::int) i
           returning id, poll_id, option_id)
         insert into vote_choices (vote_id, poll_id, option_id) select id, poll_id, option_id from ballots`,
        [poll.id, poll.options.map((option) => option.id), OPTIONS.length, BALLOTS],
      );
      await db.query(
        `update polls p set total_votes = $2, option_counts = (
           select array_agg((select count(*) from vote_choices c where c.option_id = o.id) order by o.position)
           from poll_options o where o.poll_id = p.id)
         where p.id = $1`,
        [poll.id, BALLOTS],
      );
      await db.query('analyze votes');
    } finally {
      await db.end();
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  }, 60_000);

  it('streams the CSV in memory far smaller than the file, with every ballot in it', async () => {
    const baseline = retainedBytes();
    let peak = baseline;
    const measure = () => (peak = Math.max(peak, retainedBytes()));
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let tail = '';
    let paused = false;
    const response = await fetch(`${server.url}/api/polls/${poll.id}/export.csv`, {
      headers: { authorization: `Bearer ${poll.admin_token}` },
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      for (const byte of chunk.value) if (byte === 10) lines++;
      tail = Buffer.from(chunk.value.subarray(-100)).toString('latin1');
      if (++chunks % 100 === 0) measure();
      if (!paused && lines > BALLOTS / 2) {
        paused = true;
        // A server that kept reading would have piled up the pages it read meanwhile.
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
        measure();
      }
    }
    measure();
    expect(lines).toBe(BALLOTS + 1);
    expect(tail).toMatch(/\n\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}(,[01]){20}\r\n$/);
    expect(bytes).toBeGreaterThan(60 * 1024 * 1024);
    const grew = peak - baseline;
    expect(grew, `kept ${(grew / 2 ** 20).toFixed(1)} MB while sending ${bytes} bytes`).toBeLessThan(RETAINED_BOUND);
    // The cursor's connection went back to the pool: no transaction is left open.
    const admin = new pg.Client({ connectionString: store.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await admin.end();
    }
  }, 90_000);
});
