import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { joinCodeSql, nextVoterIp, servicesAvailability, tcpRelay, type Store } from '../support/harness';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { apiOf, servicesEnv, storeFor } from './hostile-clients';

/**
 * The assembled server in services mode when PostgreSQL misbehaves, and under poll spam: a
 * frozen link (through a TCP relay this test controls), a full disk (a real SQLSTATE 53100 from
 * PostgreSQL), and a million polls. Each failure is a 503 naming the database, never a 500.
 */

const services = await servicesAvailability({ postgres: true, redis: true });

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe.runIf(services.run)('PostgreSQL failing under the assembled server', () => {
  let store: Store;
  let relay: Awaited<ReturnType<typeof tcpRelay>>;
  let server: PollcastProcess;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    store = await storeFor('services');
    relay = await tcpRelay(5432);
    const throughRelay = new URL(store.url!);
    throughRelay.port = String(relay.port);
    server = await startPollcastProcess({
      dataDir: store.dataDir,
      env: {
        ...servicesEnv(store),
        DATABASE_URL: throughRelay.toString(),
        DB_TIMEOUT_MS: '1000',
        TRUST_PROXY: '127.0.0.1',
      },
    });
    api = apiOf(server);
  });
  afterAll(async () => {
    relay?.thaw();
    await server?.stop();
    await relay?.close();
    await store?.drop();
  });

  const unavailable = (reply: { status: number; body: any }) => [
    reply.status,
    reply.body?.error?.code,
    reply.body?.error?.details?.dependency,
  ];

  it('answers 503 naming the database while PostgreSQL stops answering, and recovers', async () => {
    const poll = await api.create();
    relay.freeze();
    try {
      expect(unavailable(await api.vote(poll.id, poll.options[0]!.id))).toEqual([
        503,
        'service_unavailable',
        'database',
      ]);
      expect(unavailable(await api.read(poll.id))).toEqual([503, 'service_unavailable', 'database']);
      expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(503);
      const page = await rawRequest(server.url, 'GET', `/polls/${poll.id}`);
      expect(page.status).not.toBe(200);
    } finally {
      relay.thaw();
    }
    await expect.poll(async () => (await api.vote(poll.id, poll.options[0]!.id)).status, { timeout: 10_000 }).toBe(200);
    expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);
  });

  it('answers 503 and reports unhealthy while the disk is full, then recovers', async () => {
    const poll = await api.create();
    await withClient(store.url!, (client) =>
      client.query(`
        create function pollcast_test_disk_full() returns trigger language plpgsql as $$
        begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$;
        create trigger pollcast_test_disk_full before insert on votes
        for each row execute function pollcast_test_disk_full();`),
    );
    try {
      expect(unavailable(await api.vote(poll.id, poll.options[0]!.id))).toEqual([
        503,
        'service_unavailable',
        'database',
      ]);
      const health = await rawRequest(server.url, 'GET', '/api/health');
      expect([health.status, health.body.checks.database]).toEqual([503, 'error']);
      expect(health.body.reason).toMatch(/disk full/);
    } finally {
      await withClient(store.url!, (client) =>
        client.query('drop trigger pollcast_test_disk_full on votes; drop function pollcast_test_disk_full();'),
      );
    }
    expect((await api.vote(poll.id, poll.options[1]!.id)).status).toBe(200);
    expect((await rawRequest(server.url, 'GET', '/api/health')).status).toBe(200);
    expect(server.output()).not.toMatch(/"level":"error"/);
  });
});

describe.runIf(services.run)('a million polls under the assembled server', () => {
  let store: Store;
  let server: PollcastProcess;

  beforeAll(async () => {
    store = await storeFor('services');
    server = await startPollcastProcess({
      dataDir: store.dataDir,
      env: { ...servicesEnv(store), TRUST_PROXY: '127.0.0.1', RATE_LIMIT_POLLS_OVERALL_PER_MINUTE: '3' },
    });
    await withClient(store.url!, async (client) => {
      await client.query(`
        insert into polls (title, category, admin_token_hash, created_at, code, listed)
        select 'spam ' || n, case when n % 2 = 0 then 'spam' end, 'x', now() - make_interval(secs => n),
          ${joinCodeSql('n')}, true
        from generate_series(1, 1000000) as n`);
      await client.query('analyze polls');
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await store?.drop();
  });

  it('serves the list and the home page from their first and deep pages, and refuses deep page numbers', async () => {
    const first = await rawRequest(server.url, 'GET', '/api/polls?limit=100');
    expect(first.status).toBe(200);
    expect(first.body.pagination).toMatchObject({ total: 10_000, total_capped: true });
    let cursor = first.body.pagination.next_cursor as string;
    for (let i = 0; i < 5; i++) {
      const next = await rawRequest(server.url, 'GET', `/api/polls?limit=100&category=spam&cursor=${cursor}`);
      expect(next.status).toBe(200);
      cursor = next.body.pagination.next_cursor;
    }
    const deep = await rawRequest(server.url, 'GET', '/api/polls?page=30000');
    expect([deep.status, deep.body.error.code]).toEqual([400, 'invalid_request']);
    for (const page of ['/', '/?category=spam', `/?cursor=${cursor}`, '/?page=30000', '/?cursor=junk']) {
      expect((await rawRequest(server.url, 'GET', page)).status, page).toBe(200);
    }
  });

  it('caps new polls from everyone together per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await rawRequest(server.url, 'POST', '/api/polls', {
        json: { title: 'one more', options: ['a', 'b'] },
        headers: { 'x-forwarded-for': nextVoterIp() },
      });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });
});
