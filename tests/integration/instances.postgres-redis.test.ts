import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trendingPollsFromVotes } from '../../src/db/trending-polls';
import {
  client,
  counterMismatches,
  freshStore,
  nextVoterIp,
  servicesAvailability,
  startInstance,
  tcpRelay,
  type Reply,
  type Store,
  type TestServer,
} from '../support/harness';
import { openSocketViewer, openSseViewer } from '../support/live-viewers';
import { ownRedisAvailability, startOwnRedis, testRedisClient, type OwnRedis } from '../support/redis';

/**
 * Services mode across two instances on one PostgreSQL and one Redis (a redis-server of this
 * file's own, since it is flushed, killed and frozen). Redis makes pollcast faster; whatever
 * happens to it, every answer stays the one PostgreSQL gives.
 */

const services = await servicesAvailability();
const ownRedis = ownRedisAvailability();

type Poll = { id: string; admin_token: string; options: { id: string }[] };

describe.skipIf(!services.run || !ownRedis.run)('two instances sharing PostgreSQL and Redis', () => {
  let own: OwnRedis;
  let store: Store;
  let a: TestServer;
  let b: TestServer;
  let onA: ReturnType<typeof client>;
  let onB: ReturnType<typeof client>;
  const others: TestServer[] = [];

  beforeAll(async () => {
    own = await startOwnRedis();
    store = await freshStore('services', { redisUrl: own.url });
    [a, b] = await Promise.all([startInstance(store), startInstance(store)]);
    onA = client(a.url);
    onB = client(b.url);
  });
  afterAll(async () => {
    for (const server of [a, b, ...others]) await server?.close();
    await store?.drop();
    await own?.stop();
  });

  const createPoll = async (on = onA): Promise<Poll> => {
    const reply = await on('POST', '/api/polls', {
      // Listed, so the trending board ranks them.
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], listed: true },
    });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const vote = (on: ReturnType<typeof client>, poll: Poll, option: number, ip = nextVoterIp()) =>
    on('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[option]!.id }, ip });
  const read = (on: ReturnType<typeof client>, poll: Poll, ip?: string) =>
    on('GET', `/api/polls/${poll.id}`, ip ? { ip } : {});

  /** Instances subscribed to the poll's channel in Redis. */
  const channelSubscribers = async (poll: Poll) => {
    const redis = await testRedisClient(own.url);
    try {
      return Number(Object.values(await redis.pubSubNumSub(`${store.redis!.prefix}poll:${poll.id}:updates`))[0]);
    } finally {
      redis.destroy();
    }
  };

  /** The poll as PostgreSQL has it: rows in votes per option, in option order. */
  const truth = async (poll: Poll) => {
    const rows = await a.pollcast.database.rows<{ option_id: string; n: number }>(
      sql`select option_id, count(*)::int as n from votes where poll_id = ${poll.id}::uuid group by option_id`,
    );
    const counts = poll.options.map((o) => rows.find((r) => r.option_id === o.id)?.n ?? 0);
    return { total: counts.reduce((x, y) => x + y, 0), counts };
  };
  const countsIn = (reply: Reply) => ({
    total: reply.body.stats.total_votes,
    counts: reply.body.options.map((o: { vote_count: number }) => o.vote_count),
  });

  /** The counters in Redis, or undefined where a key is missing. */
  const redisCounters = async (poll: Poll) => {
    const redis = await testRedisClient(own.url);
    const prefix = store.redis!.prefix;
    try {
      const values = await redis.hmGet(`${prefix}poll:${poll.id}:counts`, ['total', ...poll.options.map((o) => o.id)]);
      if (values.some((value) => value === null)) return undefined;
      const [total, ...counts] = values.map(Number);
      return { total, counts };
    } finally {
      redis.destroy();
    }
  };

  const trendingIds = async (on: ReturnType<typeof client>, mine: Poll[]) => {
    const reply = await on('GET', '/api/polls/trending?limit=50');
    expect(reply.status).toBe(200);
    const ids = new Set(mine.map((p) => p.id));
    return reply.body.polls.map((p: { id: string }) => p.id).filter((id: string) => ids.has(id));
  };

  it('counts the same browser once when it votes on both instances at once', async () => {
    const reply = await onA('POST', '/api/polls', {
      json: { title: 'Room?', options: ['Pizza', 'Sushi', 'Salad'], voter_identity: 'browser' },
    });
    const poll: Poll = reply.body;
    const hall = nextVoterIp();
    const first = await onA('GET', `/api/polls/${poll.id}`, { ip: hall });
    const cookie = /pollcast_voter=[^;]+/.exec(first.headers.get('set-cookie') ?? '')![0];
    const ballots = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? onA : onB)('POST', `/api/polls/${poll.id}/vote`, {
          json: { option_id: poll.options[0]!.id },
          ip: hall,
          headers: { cookie },
        }),
      ),
    );
    expect(ballots.map((b) => b.status)).toEqual(ballots.map(() => 200));
    expect(ballots.filter((b) => b.body.counted)).toHaveLength(1);
    expect(await truth(poll)).toEqual({ total: 1, counts: [1, 0, 0] });
    // Another browser at the same address is another voter.
    expect((await vote(onB, poll, 1, hall)).body.counted).toBe(true);
  });

  it('refuses on one instance a second vote the voter cast on the other', async () => {
    const poll = await createPoll();
    const ip = nextVoterIp();
    expect((await vote(onA, poll, 0, ip)).status).toBe(200);
    const other = await vote(onB, poll, 1, ip);
    expect(other.status).toBe(409);
    expect(other.body.error.details.option_id).toBe(poll.options[0]!.id);
    const same = await vote(onB, poll, 0, ip);
    expect(same.status).toBe(200);
    expect(same.body.new_counts.total_votes).toBe(1);
    const redis = await testRedisClient(own.url);
    expect(await redis.sIsMember(`${store.redis!.prefix}poll:${poll.id}:voters`, ip)).toBeTruthy();
    redis.destroy();
  });

  it('shows voters their own vote on the other instance right after it is acknowledged', async () => {
    const poll = await createPoll();
    for (let i = 0; i < 30; i++) {
      const ip = nextVoterIp();
      expect((await vote(i % 2 ? onA : onB, poll, i % 3, ip)).status).toBe(200);
      const seen = await read(i % 2 ? onB : onA, poll, ip);
      expect(seen.body.voter).toEqual({
        has_voted: true,
        option_id: poll.options[i % 3]!.id,
        option_ids: [poll.options[i % 3]!.id],
      });
      expect(countsIn(seen)).toEqual(await truth(poll));
      expect(seen.body.stats.total_votes).toBe(i + 1);
    }
  });

  it('shares one vote rate limit between the instances', async () => {
    const limited = await Promise.all([1, 2].map(() => startInstance(store, { RATE_LIMIT_VOTES_PER_MINUTE: '3' })));
    others.push(...limited);
    const [x, y] = limited.map((server) => client(server.url));
    const polls = await Promise.all([1, 2, 3, 4].map(() => createPoll()));
    const ip = nextVoterIp();
    const statuses = [];
    for (const [i, poll] of polls.entries()) statuses.push((await vote(i % 2 ? y! : x!, poll, 0, ip)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('carries a vote on one instance live to a listener on the other', async () => {
    const poll = await createPoll();
    const seen: number[] = [];
    const stop = b.pollcast.bus.subscribe(poll.id, (update) => seen.push(update.total_votes));
    try {
      await expect
        .poll(() => channelSubscribers(poll), { timeout: 10_000, interval: 20, message: 'B subscribed' })
        .toBe(1);
      expect((await vote(onA, poll, 2)).status).toBe(200);
      await expect
        .poll(() => seen.includes(1), { timeout: 10_000, interval: 20, message: 'the update reached B' })
        .toBe(true);
    } finally {
      stop();
    }
  });

  it('streams votes cast on one instance to SSE and WebSocket viewers on the other, never backwards', async () => {
    const poll = await createPoll();
    const sse = await openSseViewer(b.url, poll.id);
    const socket = await openSocketViewer(b.url);
    const totalsOf = (events: { event: string; data: string }[]) =>
      events
        .filter((e) => e.event === 'poll_updated' || e.event === 'vote_submitted')
        .map((e) => JSON.parse(e.data).total_votes as number);
    try {
      expect(sse.status).toBe(200);
      socket.send({ type: 'subscribe', poll_id: poll.id });
      await sse.waitFor((events) => totalsOf(events).length > 0, 'the snapshot on B');
      await socket.waitFor((messages) => messages.some((m) => m.type === 'poll_updated'), 'the socket snapshot on B');
      await expect
        .poll(() => channelSubscribers(poll), {
          timeout: 10_000,
          interval: 20,
          message: 'B subscribed to the poll channel',
        })
        .toBe(1);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => vote(onA, poll, i % 3)));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      await sse.waitFor((events) => totalsOf(events).includes(20), 'total 20 over SSE on B');
      await socket.waitFor(
        (messages) => messages.some((m) => m.poll_id === poll.id && m.total_votes === 20),
        'total 20 over WebSocket on B',
      );
      const seen = totalsOf(sse.events);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
    } finally {
      sse.close();
      await socket.close();
    }
  });

  it('brings a viewer up to date after its instance lost the Redis subscription while a vote went by', async () => {
    const poll = await createPoll();
    const sse = await openSseViewer(b.url, poll.id);
    const channel = `${store.redis!.prefix}poll:${poll.id}:updates`;
    // One admin connection, opened first: while new logins are refused it is the only way in.
    const admin = await testRedisClient(own.url);
    const subscribers = async () => Number(Object.values(await admin.pubSubNumSub(channel))[0]);
    try {
      await expect
        .poll(async () => (await subscribers()) === 1, { timeout: 10_000, interval: 20, message: 'B subscribed' })
        .toBe(true);
      // Connections already open keep working; B's subscriber, once dropped, cannot come back yet.
      await admin.sendCommand(['ACL', 'SETUSER', 'default', 'off']);
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
      await expect
        .poll(async () => (await subscribers()) === 0, {
          timeout: 10_000,
          interval: 20,
          message: 'B to lose its subscription',
        })
        .toBe(true);
      expect((await vote(onA, poll, 1)).status).toBe(200);
      expect(await subscribers()).toBe(0);
      await admin.sendCommand(['ACL', 'SETUSER', 'default', 'on']);
      // Nobody votes again: only a fresh read after resubscribing can bring the missed vote.
      await sse.waitFor(
        (events) => events.some((e) => e.event === 'poll_updated' && JSON.parse(e.data).total_votes === 1),
        'the missed vote to reach the viewer on B',
      );
    } finally {
      await admin.sendCommand(['ACL', 'SETUSER', 'default', 'on']);
      admin.destroy();
      sse.close();
    }
  });

  it('ranks trending polls from the shared board in the order PostgreSQL computes', async () => {
    const polls = await Promise.all([1, 2, 3].map(() => createPoll()));
    const votes = [2, 5, 3];
    for (const [i, poll] of polls.entries()) {
      for (let v = 0; v < votes[i]!; v++) expect((await vote(v % 2 ? onA : onB, poll, 0)).status).toBe(200);
    }
    const fromDatabase = await trendingIds(onA, polls);
    expect(fromDatabase).toEqual([polls[1]!.id, polls[2]!.id, polls[0]!.id]);
    const redis = await testRedisClient(own.url);
    await expect
      .poll(async () => (await redis.exists(`${store.redis!.prefix}trending_polls:epoch`)) === 1, {
        timeout: 10_000,
        interval: 20,
        message: 'the board was filled',
      })
      .toBe(true);
    redis.destroy();
    for (let v = 0; v < 4; v++) expect((await vote(onA, polls[0]!, 1)).status).toBe(200);
    const fromBoard = await trendingIds(onB, polls);
    expect(fromBoard).toEqual([polls[0]!.id, polls[1]!.id, polls[2]!.id]);
    const sql = (await trendingPollsFromVotes(a.pollcast.database, 50)).map((p) => p.id);
    expect(sql.filter((id) => fromBoard.includes(id))).toEqual(fromBoard);
  });

  it('never serves counts older than PostgreSQL’s when one instance lost Redis and its updates with it', async () => {
    const relay = await tcpRelay(own.port);
    const cut = await startInstance(store, { REDIS_URL: `redis://127.0.0.1:${relay.port}` });
    others.push(cut);
    const onCut = client(cut.url);
    const poll = await createPoll();
    expect((await vote(onCut, poll, 0)).status).toBe(200);
    expect(countsIn(await read(onB, poll))).toEqual({ total: 1, counts: [1, 0, 0] });
    await relay.close();
    for (let v = 0; v < 3; v++) expect((await vote(onCut, poll, 1)).status).toBe(200);
    expect(countsIn(await read(onB, poll))).toEqual({ total: 4, counts: [1, 3, 0] });
    expect(countsIn(await read(onA, poll))).toEqual({ total: 4, counts: [1, 3, 0] });
  });

  it('gives the same answers after a FLUSHALL, and counts new votes exactly', async () => {
    const polls = await Promise.all([1, 2].map(() => createPoll()));
    const voter = nextVoterIp();
    expect((await vote(onA, polls[0]!, 1, voter)).status).toBe(200);
    for (let v = 0; v < 6; v++) expect((await vote(v % 2 ? onA : onB, polls[v % 2]!, v % 3)).status).toBe(200);
    for (const poll of polls) await Promise.all([read(onA, poll), read(onB, poll)]);
    const trendingBefore = await trendingIds(onA, polls);

    const redis = await testRedisClient(own.url);
    await redis.flushAll();
    redis.destroy();

    for (const poll of polls) {
      for (const on of [onA, onB]) expect(countsIn(await read(on, poll))).toEqual(await truth(poll));
    }
    expect((await read(onB, polls[0]!, voter)).body.voter).toEqual({
      has_voted: true,
      option_id: polls[0]!.options[1]!.id,
      option_ids: [polls[0]!.options[1]!.id],
    });
    const again = await vote(onB, polls[0]!, 2, voter);
    expect(again.status).toBe(409);
    expect(again.body.error.details.option_id).toBe(polls[0]!.options[1]!.id);
    expect(await trendingIds(onB, polls)).toEqual(trendingBefore);
    for (let v = 0; v < 5; v++) expect((await vote(v % 2 ? onA : onB, polls[1]!, 0)).status).toBe(200);
    for (const on of [onA, onB]) expect(countsIn(await read(on, polls[1]!))).toEqual(await truth(polls[1]!));
    expect(await counterMismatches(a.pollcast)).toEqual([]);
  });

  it('keeps every acknowledged vote when Redis is killed mid-traffic, and is exact again once Redis is back', async () => {
    const polls = await Promise.all([1, 2, 3].map(() => createPoll()));
    const statuses: number[] = [];
    let acknowledged = 0;
    let sent = 0;
    const worker = async (w: number) => {
      while (sent < 240) {
        const n = sent++;
        if (n === 80) await own.signal('SIGKILL');
        const on = (n + w) % 2 ? onA : onB;
        const poll = polls[n % 3]!;
        const reply = n % 4 === 3 ? await read(on, poll) : await vote(on, poll, n % 3);
        statuses.push(reply.status);
        if (n % 4 !== 3 && reply.status === 200) acknowledged++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const [row] = await a.pollcast.database.rows<{ n: number }>(sql`
      select count(*)::int as n from votes
      where poll_id in (${sql.join(
        polls.map((p) => sql`${p.id}::uuid`),
        sql`, `,
      )})`);
    expect(row?.n).toBe(acknowledged);
    expect(await counterMismatches(a.pollcast)).toEqual([]);
    for (const on of [onA, onB]) {
      const health = await on('GET', '/api/health');
      expect(health.status).toBe(200);
      expect(health.body.checks).toEqual({ database: 'ok', redis: 'error' });
    }
    for (const poll of polls) expect(countsIn(await read(onB, poll))).toEqual(await truth(poll));

    await own.restart();
    for (const on of [onA, onB]) {
      await expect
        .poll(async () => (await on('GET', '/api/health')).body.checks.redis === 'ok', {
          timeout: 10_000,
          interval: 20,
          message: 'redis ok in health',
        })
        .toBe(true);
    }
    for (const [i, poll] of polls.entries()) {
      expect((await vote(i % 2 ? onA : onB, poll, 0)).status).toBe(200);
      await read(i % 2 ? onB : onA, poll);
    }
    for (const poll of polls) {
      const exact = await truth(poll);
      await expect
        .poll(
          async () => {
            const counters = await redisCounters(poll);
            return counters?.total === exact.total && counters.counts.join() === exact.counts.join();
          },
          { timeout: 10_000, interval: 20, message: 'Redis counters equal PostgreSQL' },
        )
        .toBe(true);
      for (const on of [onA, onB]) expect(countsIn(await read(on, poll))).toEqual(exact);
    }
  });

  it('keeps answering votes while Redis is frozen', async () => {
    const poll = await createPoll();
    await own.signal('SIGSTOP');
    try {
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => vote(i % 2 ? onA : onB, poll, i % 3)));
      expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(countsIn(await read(onA, poll))).toEqual(await truth(poll));
      expect((await onA('GET', '/api/health')).body.checks.redis).toBe('error');
    } finally {
      await own.signal('SIGCONT');
    }
  });
});
