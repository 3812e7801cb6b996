import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MESSAGE_BURST } from '../../src/realtime/live-sockets';
import { client, freshStore, nextVoterIp, startInstance, type TestServer, WAIT } from '../support/harness';
import { openSocketViewer, openSseViewer, type SocketViewer, type SseViewer } from '../support/live-viewers';

/**
 * What one client may take of a server: messages per WebSocket, and live connections per address
 * and per process. Real servers on PGlite, real sockets.
 */

type Created = { id: string; options: { id: string }[] };

async function instance(env: Record<string, string> = {}) {
  const store = await freshStore('embedded');
  const server = await startInstance(store, env);
  const api = client(server.url);
  const createPoll = async (): Promise<Created> => {
    const reply = await api('POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] },
      ip: nextVoterIp(),
    });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const vote = (poll: Created, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[0]!.id }, ip });
  return { store, server, api, createPoll, vote };
}
type Instance = Awaited<ReturnType<typeof instance>>;

async function stop(running: Instance | undefined): Promise<void> {
  await running?.server.close();
  await running?.store.drop();
}

/** Counts the database reads of polls that live viewers cause (the hub reads through `polls.load`). */
function countLoads(server: TestServer): { readonly count: number; restore(): void } {
  const polls = server.pollcast.polls;
  const original = polls.load;
  let count = 0;
  polls.load = (id) => {
    count++;
    return original(id);
  };
  return {
    get count() {
      return count;
    },
    restore: () => {
      polls.load = original;
    },
  };
}

const closeOf = (socket: SocketViewer) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );

async function openStream(server: TestServer, pollId: string, ip: string): Promise<SseViewer> {
  const viewer = await openSseViewer(server.url, pollId, { 'x-forwarded-for': ip });
  if (viewer.status === 200) await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
  else await viewer.waitForEnd();
  return viewer;
}

const errorCode = (viewer: SseViewer): string => JSON.parse(viewer.body).error.code;

const openSocket = (server: TestServer, ip: string) =>
  openSocketViewer(server.url, { headers: { 'x-forwarded-for': ip } });

describe('message budget of one WebSocket (embedded)', () => {
  let running: Instance;
  beforeAll(async () => {
    running = await instance();
  });
  afterAll(() => stop(running));

  it('closes a socket that floods refreshes with 1008, after few reads and in bounded memory, while votes go on', async () => {
    const { server, createPoll, vote } = running;
    const poll = await createPoll();
    const socket = await openSocket(server, nextVoterIp());
    socket.send({ type: 'subscribe', poll_id: poll.id });
    await socket.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'the snapshot');

    const loads = countLoads(server);
    try {
      const closed = closeOf(socket);
      const heapBefore = process.memoryUsage().heapUsed;
      const refresh = JSON.stringify({ type: 'refresh', poll_id: poll.id });
      for (let i = 0; i < 20_000; i++) socket.sendRaw(refresh);
      const during = vote(poll);

      expect(await closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/rate/) });
      expect((await during).status).toBe(200);
      // One refresh in flight plus one merged rerun at a time: a handful, not one per message.
      expect(loads.count).toBeLessThanOrEqual(5);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    } finally {
      loads.restore();
    }
    await vi.waitFor(() => expect(server.live.stats().sockets).toBe(0), WAIT);
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });

  it('merges refreshes of one poll sent together and keeps a socket within its budget open', async () => {
    const { server, createPoll } = running;
    const poll = await createPoll();
    const socket = await openSocket(server, nextVoterIp());
    const loads = countLoads(server);
    try {
      const refresh = JSON.stringify({ type: 'refresh', poll_id: poll.id });
      for (let i = 0; i < MESSAGE_BURST - 10; i++) socket.sendRaw(refresh);
      await socket.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'a refreshed state');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Reads come one after another, each answering every refresh that arrived during the last.
      expect(loads.count).toBeGreaterThanOrEqual(1);
      expect(loads.count).toBeLessThan(10);
    } finally {
      loads.restore();
    }
    // Past the burst the budget refills: a later message is still answered.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = socket.messages.length;
    socket.send({ type: 'refresh', poll_id: poll.id });
    await socket.waitFor((m) => m.length > before, 'the later refresh');
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    await socket.close();
  });
});

describe('live connections per address (embedded, LIVE_CONNECTIONS_PER_ADDRESS=5)', () => {
  let running: Instance;
  let poll: Created;
  beforeAll(async () => {
    running = await instance({ LIVE_CONNECTIONS_PER_ADDRESS: '5' });
    poll = await running.createPoll();
  });
  afterAll(() => stop(running));

  it('refuses the 6th SSE stream of an address with 429 and takes it again once one closed', async () => {
    const { server } = running;
    const ip = nextVoterIp();
    const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(server, poll.id, ip)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);

    const sixth = await openStream(server, poll.id, ip);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['content-type']).toMatch(/^application\/json/);
    expect(errorCode(sixth)).toBe('rate_limited');
    // A refusal frees its socket: a kept-alive one would hold a descriptor per refused attempt.
    expect(sixth.headers.connection).toBe('close');

    const other = await openStream(server, poll.id, nextVoterIp());
    expect(other.status).toBe(200);

    streams[0]!.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats().open).toBe(5), WAIT);
    const again = await openStream(server, poll.id, ip);
    expect(again.status).toBe(200);

    for (const stream of [...streams, other, again]) stream.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });

  it('refuses the 6th WebSocket of an address with an HTTP 429, counting its SSE streams too', async () => {
    const { server } = running;
    const ip = nextVoterIp();
    const sockets = await Promise.all(Array.from({ length: 5 }, () => openSocket(server, ip)));
    await expect(openSocket(server, ip)).rejects.toThrow(/429/);
    const sse = await openStream(server, poll.id, ip);
    expect(sse.status).toBe(429);

    const other = await openSocket(server, nextVoterIp());
    await sockets[0]!.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats().open).toBe(5), WAIT);
    const again = await openSocket(server, ip);
    again.send({ type: 'subscribe', poll_id: poll.id });
    await again.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'the snapshot');

    // Streams and sockets share the count: 4 sockets and 1 stream fill the address again.
    await sockets[1]!.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats().open).toBe(5), WAIT);
    const mixed = await openStream(server, poll.id, ip);
    expect(mixed.status).toBe(200);
    await expect(openSocket(server, ip)).rejects.toThrow(/429/);

    mixed.close();
    await Promise.all([...sockets.slice(2), other, again].map((socket) => socket.close()));
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });

  it('counts the addresses of one IPv6 /64 as one address', async () => {
    const { server } = running;
    const streams = await Promise.all(
      ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2::1', '2001:db8:1:2:aaaa::9'].map((ip) =>
        openStream(server, poll.id, ip),
      ),
    );
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    const socket = await openSocket(server, '2001:db8:1:2::2');

    const sixth = await openStream(server, poll.id, '2001:db8:1:2::2');
    expect(sixth.status).toBe(429);
    await expect(openSocket(server, '2001:db8:1:2::1')).rejects.toThrow(/429/);
    const nextNetwork = await openStream(server, poll.id, '2001:db8:1:3::1');
    expect(nextNetwork.status).toBe(200);

    for (const stream of [...streams, nextNetwork]) stream.close();
    await socket.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });

  it('gives the slot back when a stream fails before it starts', async () => {
    const { server } = running;
    const ip = nextVoterIp();
    for (let i = 0; i < 8; i++) {
      const missing = await openStream(server, crypto.randomUUID(), ip);
      expect(missing.status).toBe(404);
    }
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
    const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(server, poll.id, ip)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    for (const stream of streams) stream.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });
});

describe('live connections per process (embedded, LIVE_CONNECTIONS_MAX=8)', () => {
  let running: Instance;
  afterAll(() => stop(running));
  beforeAll(async () => {
    running = await instance({ LIVE_CONNECTIONS_MAX: '8' });
  });

  it('answers the 9th live connection 503 from any address while health and votes still answer', async () => {
    const { server, api, createPoll, vote } = running;
    const poll = await createPoll();
    const streams = await Promise.all(Array.from({ length: 4 }, () => openStream(server, poll.id, nextVoterIp())));
    const sockets = await Promise.all(Array.from({ length: 4 }, () => openSocket(server, nextVoterIp())));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200]);

    const ninth = await openStream(server, poll.id, nextVoterIp());
    expect(ninth.status).toBe(503);
    expect(errorCode(ninth)).toBe('service_unavailable');
    expect(ninth.headers.connection).toBe('close');
    await expect(openSocket(server, nextVoterIp())).rejects.toThrow(/503/);
    expect((await api('GET', '/api/health')).status).toBe(200);
    expect((await vote(poll)).status).toBe(200);

    streams[0]!.close();
    await vi.waitFor(() => expect(server.pollcast.connections.stats().open).toBe(7), WAIT);
    const socket = await openSocket(server, nextVoterIp());

    for (const stream of streams) stream.close();
    await Promise.all([...sockets, socket].map((s) => s.close()));
    await vi.waitFor(() => expect(server.pollcast.connections.stats()).toEqual({ open: 0, addresses: 0 }), WAIT);
  });
});
