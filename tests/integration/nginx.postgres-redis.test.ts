import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchPoll, type LiveState, type LiveStatus } from '../../src/app/_client/live-client';
import {
  client,
  counterMismatches,
  freshStore,
  nextVoterIp,
  REDIS_TEST_URL,
  servicesAvailability,
  startInstance,
  WAIT,
  type Store,
  type TestServer,
} from '../support/harness';
import { NodeEventSource, openSocketViewer, openSseViewer, type SseEvent } from '../support/live-viewers';
import { nginxAvailability, startNginx, type Nginx } from '../support/nginx';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { ATTACKER, servicesEnv, type Poll } from './hostile-clients';

/**
 * Two instances started as `npm start` runs them, behind an nginx running the config we ship
 * (deploy/nginx/pollcast.conf, only its upstream addresses and listen port changed), reached
 * the way browsers reach a deployment: every request through nginx. The test client connects
 * from 127.0.0.1, which the instances trust as they trust nginx, so the X-Forwarded-For it sends
 * plays the part of a proxy in front of nginx and names a different voter per request.
 */

const services = await servicesAvailability({ postgres: true, redis: true });
const proxy = nginxAvailability();

describe.runIf(services.run && proxy.run)('two instances behind nginx (deploy/nginx/pollcast.conf)', () => {
  let store: Store;
  let a: PollcastProcess;
  let b: PollcastProcess;
  let nginx: Nginx;
  /** An instance in this process, only to read PostgreSQL. */
  let reader: TestServer;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    store = await freshStore('services', { redisUrl: REDIS_TEST_URL });
    const env = {
      ...servicesEnv(store),
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_VOTES_PER_MINUTE: '100000',
      RATE_LIMIT_POLLS_PER_MINUTE: '100000',
    };
    [a, b] = await Promise.all([startPollcastProcess({ env }), startPollcastProcess({ env })]);
    nginx = await startNginx([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]);
    reader = await startInstance(store);
    api = client(nginx.url);
  }, 180_000);
  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await reader?.close();
    await store?.drop();
  });

  const createPoll = async (body: Record<string, unknown> = {}): Promise<Poll> => {
    const reply = await api('POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...body },
      ip: nextVoterIp(),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body;
  };
  const voteBy = (on: ReturnType<typeof client>, poll: Poll, option: number, ip = nextVoterIp()) =>
    on('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[option]!.id }, ip });

  /** The ballots PostgreSQL holds for the poll, each voter's once: voter address → the option it chose. */
  const ballots = async (poll: Poll): Promise<Map<string, string>> => {
    const rows = await reader.pollcast.database.rows<{ ip: string; option_id: string }>(
      sql`select host(voter_ip) as ip, option_id from votes where poll_id = ${poll.id}::uuid`,
    );
    const byVoter = new Map(rows.map((row) => [row.ip, row.option_id]));
    expect(byVoter.size, 'one row per voter').toBe(rows.length);
    return byVoter;
  };
  const totalsOf = (events: SseEvent[]) =>
    events
      .filter((e) => e.event === 'poll_updated' || e.event === 'vote_submitted')
      .map((e) => JSON.parse(e.data).total_votes as number);

  it('counts each voter once, whichever instance takes each of its votes', async () => {
    const poll = await createPoll();
    const voters = Array.from({ length: 30 }, () => nextVoterIp());
    // Every voter sends its ballot twice at once; round robin spreads the 60 over both instances.
    const replies = await Promise.all(voters.flatMap((ip, i) => [0, 1].map(() => voteBy(api, poll, i % 3, ip))));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    for (let i = 0; i < voters.length; i++) {
      expect([replies[2 * i]!.body.counted, replies[2 * i + 1]!.body.counted].sort()).toEqual([false, true]);
    }
    const changed = await Promise.all(voters.map((ip, i) => voteBy(api, poll, (i + 1) % 3, ip)));
    expect(changed.map((r) => r.status)).toEqual(changed.map(() => 409));

    const stored = await ballots(poll);
    expect(stored.size).toBe(voters.length);
    for (const [i, ip] of voters.entries()) expect(stored.get(ip)).toBe(poll.options[i % 3]!.id);
    const took = nginx.requests().filter((r) => r.uri === `/api/polls/${poll.id}/vote`);
    expect(new Set(took.flatMap((r) => r.upstreams))).toEqual(new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]));
    expect(await counterMismatches(reader.pollcast)).toEqual([]);
  });

  it('counts a client by the address nginx saw, whatever it writes in X-Forwarded-For', async () => {
    const poll = await createPoll();
    const voteFromAttacker = (option: number, forwardedFor: string) =>
      rawRequest(nginx.url, 'POST', `/api/polls/${poll.id}/vote`, {
        json: { option_id: poll.options[option]!.id },
        headers: { 'x-forwarded-for': forwardedFor },
        from: ATTACKER,
      });
    const first = await voteFromAttacker(0, nextVoterIp());
    expect(first.status).toBe(200);
    expect(first.body.counted).toBe(true);
    for (const forged of [nextVoterIp(), `${nextVoterIp()}, ${nextVoterIp()}`, '127.0.0.1', 'unknown']) {
      expect((await voteFromAttacker(1, forged)).status, forged).toBe(409);
    }
    expect([...(await ballots(poll)).keys()]).toEqual([ATTACKER]);
  });

  it('tells the instances the scheme nginx was reached by, whatever a client claims', async () => {
    const poll = await createPoll({ voter_identity: 'browser' });
    const claim = { headers: { 'x-forwarded-proto': 'https' } };
    // Straight to an instance from a trusted address the claim is believed; through nginx it is replaced.
    const direct = await rawRequest(a.url, 'GET', `/api/polls/${poll.id}`, claim);
    expect(String(direct.headers['set-cookie'])).toMatch(/; Secure/);
    const proxied = await rawRequest(nginx.url, 'GET', `/api/polls/${poll.id}`, claim);
    expect(proxied.status).toBe(200);
    expect(String(proxied.headers['set-cookie'])).toMatch(/^pollcast_voter=/);
    expect(String(proxied.headers['set-cookie'])).not.toMatch(/Secure/);
  });

  it('streams votes taken by either instance to SSE and WebSocket viewers connected through nginx', async () => {
    const poll = await createPoll();
    const sse = await openSseViewer(nginx.url, poll.id);
    const socket = await openSocketViewer(nginx.url, { headers: { origin: nginx.url } });
    try {
      expect(sse.status).toBe(200);
      expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
      await sse.waitFor((events) => totalsOf(events).length > 0, 'the snapshot through nginx');
      socket.send({ type: 'subscribe', poll_id: poll.id });
      await socket.waitFor((messages) => messages.some((m) => m.type === 'poll_updated'), 'the socket snapshot');

      // Two votes straight to each instance, as if nginx had sent them there, then four through nginx.
      for (const on of [client(a.url), client(b.url), client(a.url), client(b.url)]) {
        expect((await voteBy(on, poll, 0)).status).toBe(200);
      }
      const replies = await Promise.all([0, 1, 2, 3].map((i) => voteBy(api, poll, i % 3)));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      // And one over the socket: the voter is the address nginx saw for the upgrade.
      socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[2]!.id, request_id: 'through-nginx' });
      await socket.waitFor(
        (messages) => messages.some((m) => m.type === 'vote_result' && m.request_id === 'through-nginx' && m.counted),
        'the vote over the socket',
      );

      await sse.waitFor((events) => totalsOf(events).includes(9), 'total 9 over SSE through nginx');
      await socket.waitFor(
        (messages) => messages.some((m) => m.poll_id === poll.id && m.total_votes === 9),
        'total 9 over the WebSocket through nginx',
      );
      const seen = totalsOf(sse.events);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
    } finally {
      sse.close();
      await socket.close();
    }
    // The handshake reached pollcast with the browser's Host, so another site's page is still refused.
    await expect(openSocketViewer(nginx.url, { headers: { origin: 'http://evil.example' } })).rejects.toThrow(/403/);
  });

  // Last: it stops instance A for good.
  it('keeps voting and viewing going through B when A gets SIGTERM, and loses no acknowledged vote', async () => {
    const poll = await createPoll();
    const aAddress = `127.0.0.1:${a.port}`;
    const bAddress = `127.0.0.1:${b.port}`;

    // Viewers as the pages watch a poll. Opened one after another, round robin puts two on each instance.
    type Viewer = { statuses: LiveStatus[]; state?: LiveState; stop(): void };
    const viewers: Viewer[] = [];
    for (let i = 0; i < 4; i++) {
      const viewer: Viewer = { statuses: [], stop: () => undefined };
      viewer.stop = watchPoll(
        poll.id,
        { onState: (state) => (viewer.state = state), onStatus: (status) => viewer.statuses.push(status) },
        { baseUrl: nginx.url, EventSource: NodeEventSource, backoff: { initialMs: 100, maxMs: 1_000 } },
      );
      viewers.push(viewer);
      await expect.poll(() => viewer.statuses.at(-1), WAIT).toBe('live');
    }

    type Outcome = { ip: string; option: number; status: number; counted?: boolean };
    const outcomes: Outcome[] = [];
    const reads: number[] = [];
    let phase: 'before' | 'stopping' | 'after' = 'before';
    const inPhase = { before: 0, stopping: 0, after: 0 };
    let running = true;
    const voter = async () => {
      while (running) {
        const ip = nextVoterIp();
        const option = outcomes.length % 3;
        const counting = phase;
        const reply = await voteBy(api, poll, option, ip).catch(() => ({ status: 0, body: undefined }));
        outcomes.push({ ip, option, status: reply.status, counted: reply.body?.counted });
        inPhase[counting]++;
      }
    };
    const readPoll = async () => {
      while (running) reads.push((await api('GET', `/api/polls/${poll.id}`).catch(() => ({ status: 0 }))).status);
    };
    const traffic = [...Array.from({ length: 6 }, voter), readPoll()];
    try {
      await expect.poll(() => inPhase.before, WAIT).toBeGreaterThanOrEqual(40);
      phase = 'stopping';
      const exitCode = await a.signal('SIGTERM');
      phase = 'after';
      const exited = Date.now();
      expect(exitCode).toBe(0);
      // Past the 5 s fail_timeout, so nginx also tries A again once, and that try goes unnoticed too.
      await expect
        .poll(() => inPhase.after >= 40 && Date.now() - exited > 6_000, { timeout: 15_000, interval: 50 })
        .toBe(true);
    } finally {
      running = false;
      await Promise.all(traffic);
    }

    // Every vote and read was answered: nginx sent on to B what A refused or could no longer take.
    expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
    expect(reads.filter((status) => status !== 200)).toEqual([]);
    expect(a.output()).not.toContain('"level":"error"');
    const retried = nginx.requests().filter((r) => r.upstreams.length > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.map((r) => r.upstreams)).toEqual(retried.map(() => [aAddress, bAddress]));

    // Each acknowledged ballot is in PostgreSQL, once, with its option; nothing else is.
    const stored = await ballots(poll);
    expect(stored.size).toBe(outcomes.length);
    for (const o of outcomes) expect(stored.get(o.ip), o.ip).toBe(poll.options[o.option]!.id);
    expect(await counterMismatches(reader.pollcast)).toEqual([]);

    // The viewers on A came back by themselves (through nginx, to B); all four show the final count.
    try {
      for (const viewer of viewers) {
        await expect.poll(() => viewer.state?.total_votes, WAIT).toBe(stored.size);
        expect(viewer.statuses.at(-1)).toBe('live');
      }
      expect(viewers.filter((v) => v.statuses.includes('reconnecting'))).toHaveLength(2);
    } finally {
      for (const viewer of viewers) viewer.stop();
    }

    // With A gone for good, new polls and new viewers still get through.
    const later = await createPoll();
    const sse = await openSseViewer(nginx.url, later.id);
    try {
      expect(sse.status).toBe(200);
      await sse.waitFor((events) => totalsOf(events).includes(0), 'the snapshot from B');
    } finally {
      sse.close();
    }
  }, 90_000);
});
