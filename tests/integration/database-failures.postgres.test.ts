import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  client,
  freshStore,
  nextVoterIp,
  servicesAvailability,
  startInstance,
  tcpRelay,
  type Reply,
  type Store,
  type TestServer,
} from '../support/harness';
import { openDatabase } from '../../src/db/client';
import { databaseErrorKind } from '../../src/db/errors';

/**
 * A database that is slow, frozen or full must cost a request a 503 naming the database in
 * bounded time, show in health, and leave no request value in the logs. Real PostgreSQL only:
 * the failures under test are the driver's and the server's own.
 */

const services = await servicesAvailability();

/** The bound the instances here run with; the test's own limit is far above it. */
const DB_TIMEOUT_MS = '1000';
const ANSWER_LIMIT_MS = 10_000;

type Api = ReturnType<typeof client>;
type CreatedPoll = { id: string; admin_token: string; options: { id: string }[] };

/** Fails the test if the server has not answered within the limit, instead of waiting on. */
async function answered<T>(reply: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_LIMIT_MS} ms`)), ANSWER_LIMIT_MS);
  });
  try {
    return await Promise.race([reply, limit]);
  } finally {
    clearTimeout(timer);
  }
}

function expectDatabaseUnavailable(reply: Reply, what: string): void {
  expect(reply.status, what).toBe(503);
  expect(reply.body.error.code, what).toBe('service_unavailable');
  expect(reply.body.error.message, what).toContain('database');
}

async function createPoll(api: Api): Promise<CreatedPoll> {
  const reply = await api('POST', '/api/polls', { json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] } });
  expect(reply.status).toBe(201);
  return reply.body as CreatedPoll;
}

/** Runs SQL as the test, on its own connection: the instance's pool must not be involved. */
async function onStore(store: Store, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: store.url, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * A full disk, raised by PostgreSQL itself (SQLSTATE 53100) for every row written to `table`.
 * Its message and detail carry the row's values, as a real server error's may.
 */
async function fillDisk(store: Store, table: 'votes' | 'polls'): Promise<void> {
  const values =
    table === 'votes' ? `new.voter_ip || ' ' || new.poll_id` : `new.creator_ip || ' ' || new.admin_token_hash`;
  await onStore(
    store,
    `create or replace function pollcast_test_disk_full_${table}() returns trigger language plpgsql as $$
     begin
       raise exception 'could not extend file for %', ${values}
         using errcode = 'disk_full', detail = 'row: ' || row_to_json(new)::text;
     end $$;
     create trigger pollcast_test_disk_full before insert on ${table}
       for each row execute function pollcast_test_disk_full_${table}();`,
  );
}

async function freeDisk(store: Store, table: 'votes' | 'polls'): Promise<void> {
  await onStore(store, `drop trigger if exists pollcast_test_disk_full on ${table}`);
}

/** An instance whose PostgreSQL link goes through a relay the test can freeze. */
async function startBehindRelay(store: Store, env: Record<string, string> = {}) {
  const url = new URL(store.url as string);
  const relay = await tcpRelay(Number(url.port || 5432));
  url.port = String(relay.port);
  const server = await startInstance(store, { DATABASE_URL: url.toString(), DB_TIMEOUT_MS, ...env });
  return {
    relay,
    server,
    close: async () => {
      // A frozen link would hold the pool's goodbye forever.
      relay.thaw();
      await server.close();
      await relay.close();
    },
  };
}

describe.skipIf(!services.run)('database failures (PostgreSQL)', () => {
  let store: Store;

  beforeAll(async () => {
    store = await freshStore('services');
  });
  afterAll(async () => {
    await store?.drop();
  });

  it('answers 503 within the bound when the link freezes, and recovers when it thaws', async () => {
    const { relay, server, close } = await startBehindRelay(store);
    try {
      const api = client(server.url);
      const poll = await createPoll(api);
      const optionId = poll.options[0]!.id;
      expect(
        (await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: nextVoterIp() })).status,
      ).toBe(200);

      relay.freeze();
      const [vote, read] = await answered(
        Promise.all([
          api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: nextVoterIp() }),
          api('GET', `/api/polls/${poll.id}`),
        ]),
      );
      expectDatabaseUnavailable(vote, 'vote');
      expectDatabaseUnavailable(read, 'read');
      const health = await answered(api('GET', '/api/health'));
      expect(health.status).toBe(503);
      expect(health.body.checks.database).toBe('error');

      relay.thaw();
      const after = await answered(
        api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: nextVoterIp() }),
      );
      expect(after.status).toBe(200);
      expect((await api('GET', `/api/polls/${poll.id}`)).status).toBe(200);
      expect((await api('GET', '/api/health')).status).toBe(200);
    } finally {
      await close();
    }
  });

  it('drops a connection whose transaction lost its link, so no later query runs inside that transaction', async () => {
    const url = new URL(store.url as string);
    const relay = await tcpRelay(Number(url.port || 5432));
    url.port = String(relay.port);
    const database = await openDatabase({
      databaseUrl: url.toString(),
      dataDir: store.dataDir,
      poolSize: 1,
      timeoutMs: Number(DB_TIMEOUT_MS),
    });
    try {
      const transaction = database.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        relay.freeze();
        await tx.execute(sql`select 2`);
      });
      const failure = await answered(
        transaction.then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
      expect(databaseErrorKind(failure)).toBe('unavailable');

      relay.thaw();
      // Inside a transaction now() is its start; a statement of its own sees both equal.
      const [row] = await answered(database.rows<{ own: boolean }>(sql`select now() = statement_timestamp() as own`));
      expect(row?.own).toBe(true);
    } finally {
      relay.thaw();
      await database.close();
      await relay.close();
    }
  });

  it('answers 503 on a full disk and says so in health until a write succeeds again', async () => {
    const server: TestServer = await startInstance(store, { DB_TIMEOUT_MS });
    try {
      const api = client(server.url);
      const poll = await createPoll(api);
      const optionId = poll.options[0]!.id;
      const vote = () =>
        api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: nextVoterIp() });

      await fillDisk(store, 'votes');
      try {
        expectDatabaseUnavailable(await answered(vote()), 'vote on a full disk');
        const health = await api('GET', '/api/health');
        expect(health.status).toBe(503);
        expect(health.body.status).toBe('down');
        expect(health.body.checks.database).toBe('error');
        expect(health.body.reason).toBe('writes are failing: disk full (53100)');
      } finally {
        await freeDisk(store, 'votes');
      }

      expect((await vote()).status).toBe(200);
      const health = await api('GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body.checks.database).toBe('ok');
      expect(health.body.reason).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('has PostgreSQL cancel a statement slower than the bound, and answers 503', async () => {
    const server = await startInstance(store, { DB_TIMEOUT_MS });
    try {
      const api = client(server.url);
      const poll = await createPoll(api);
      const optionId = poll.options[0]!.id;
      const vote = () =>
        api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: nextVoterIp() });

      await onStore(
        store,
        `create or replace function pollcast_test_slow() returns trigger language plpgsql as $$
         begin perform pg_sleep(30); return new; end $$;
         create trigger pollcast_test_slow before insert on votes for each row execute function pollcast_test_slow();`,
      );
      try {
        expectDatabaseUnavailable(await answered(vote()), 'slow vote');
        const health = await api('GET', '/api/health');
        expect(health.body.reason).toBe('writes are failing: statement timeout (57014)');
      } finally {
        await onStore(store, 'drop trigger if exists pollcast_test_slow on votes');
      }
      expect((await vote()).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('logs database failures without the values a request sent or the SQL', async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const { relay, server, close } = await startBehindRelay(store, { LOG_LEVEL: 'warn' }).catch((error: unknown) => {
      stdout.mockRestore();
      stderr.mockRestore();
      throw error;
    });
    const creatorIp = nextVoterIp();
    const voterIp = nextVoterIp();
    let poll: CreatedPoll;
    let tokenHash: string | undefined;
    try {
      const api = client(server.url);
      const created = await api('POST', '/api/polls', {
        json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] },
        ip: creatorIp,
      });
      expect(created.status).toBe(201);
      poll = created.body as CreatedPoll;
      const [row] = await server.pollcast.database.rows<{ admin_token_hash: string }>(
        sql`select admin_token_hash from polls where id = ${poll.id}::uuid`,
      );
      tokenHash = row?.admin_token_hash;
      expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
      const optionId = poll.options[1]!.id;
      const vote = () => api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: optionId }, ip: voterIp });

      await fillDisk(store, 'votes');
      await fillDisk(store, 'polls');
      try {
        expectDatabaseUnavailable(await answered(vote()), 'vote on a full disk');
        const refused = await answered(
          api('POST', '/api/polls', { json: { title: 'Dinner?', options: ['Soup', 'Stew'] }, ip: creatorIp }),
        );
        expectDatabaseUnavailable(refused, 'new poll on a full disk');
      } finally {
        await freeDisk(store, 'votes');
        await freeDisk(store, 'polls');
      }

      relay.freeze();
      expectDatabaseUnavailable(await answered(vote()), 'vote on a frozen link');
      expectDatabaseUnavailable(
        await answered(api('GET', `/api/polls/${poll.id}`, { ip: voterIp })),
        'read on a frozen link',
      );
      expectDatabaseUnavailable(
        await answered(
          api('POST', '/api/polls', { json: { title: 'Dinner?', options: ['Soup', 'Stew'] }, ip: creatorIp }),
        ),
        'new poll on a frozen link',
      );
      relay.thaw();
    } finally {
      await close().finally(() => {
        stdout.mockRestore();
        stderr.mockRestore();
      });
    }

    const logged = lines.join('');
    const warnings = lines.filter((line) => line.includes('"dependency unavailable"'));
    expect(warnings.length).toBeGreaterThanOrEqual(5);
    expect(logged).toContain('"code":"53100"');
    expect(logged).toContain('"route":"/api/polls/:id/vote"');
    for (const value of [voterIp, creatorIp, poll!.id, poll!.options[0]!.id, poll!.options[1]!.id, tokenHash!]) {
      expect(logged).not.toContain(value);
    }
    expect(logged).not.toMatch(/[0-9a-f]{64}/);
    expect(logged).not.toMatch(/\b(select|insert into|jsonb_to_recordset)\b|Failed query|params:/i);
    expect(logged).not.toContain('row: ');
  });
});
