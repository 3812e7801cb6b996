import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { apiOf, type Poll } from './hostile-clients';

/**
 * One client, or a crowd behind a proxy, opening thousands of connections must not make the
 * assembled server refuse everyone else. The server runs under an open-file limit of 1,024
 * (a common default), so a flood of 2,000 sockets would exhaust it; meanwhile another client
 * asks for health, votes and opens a page every 100 ms, each on a new connection, and every one
 * of those is answered.
 */

const OPEN_FILES = 1024;
const METRICS_TOKEN = 'connection-floods-metrics-token';
const FLOODER = '127.0.0.2';
const BYSTANDER = '127.0.0.3';

type Held = { socket: net.Socket; status: Promise<number> };

/**
 * Opens a socket from `from` and sends `request` (or nothing: a client that never finishes its
 * headers). `status` is the answer's status, or 0 if the server closed the socket without one.
 */
function hold(server: PollcastProcess, from: string, request: string | undefined): Held {
  const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress: from });
  socket.on('error', () => undefined);
  const status = new Promise<number>((resolve) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      if (head.includes('\r\n')) return;
      head += chunk.toString('latin1');
      const line = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (line) resolve(Number(line[1]));
    });
    socket.once('close', () => resolve(0));
  });
  if (request !== undefined) socket.write(request);
  return { socket, status };
}

function streamRequest(pollId: string, forwardedFor?: string): string {
  const forwarded = forwardedFor ? `X-Forwarded-For: ${forwardedFor}\r\n` : '';
  return `GET /api/polls/${pollId}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n${forwarded}\r\n`;
}

type Probe = { what: string; status: number; ms: number };

/** Health, a vote and the poll's page from BYSTANDER every 100 ms until `stop`, each on a new connection. */
async function probe(server: PollcastProcess, poll: Poll, stopped: () => boolean): Promise<Probe[]> {
  const probes: Probe[] = [];
  for (let round = 0; round < 600 && !stopped(); round++) {
    const answers = await Promise.all(
      [
        ['health', 'GET', '/api/health', undefined],
        ['vote', 'POST', `/api/polls/${poll.id}/vote`, { option_id: poll.options[0]!.id }],
        ['page', 'GET', `/polls/${poll.id}`, undefined],
      ].map(async ([what, method, path, json]) => {
        const started = performance.now();
        const reply = await rawRequest(server.url, method as string, path as string, { json, from: BYSTANDER }).catch(
          () => ({ status: 0 }),
        );
        return { what: what as string, status: reply.status, ms: Math.round(performance.now() - started) };
      }),
    );
    probes.push(...answers);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return probes;
}

async function metric(server: PollcastProcess, name: string): Promise<number> {
  const reply = await rawRequest(server.url, 'GET', '/metrics', {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const lines = String(reply.body)
    .split('\n')
    .filter((line) => line.startsWith(name));
  return lines.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

function tally(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) {
    const key = status === 0 ? 'closed' : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Floods with `open(i)` sockets, probes while they are held, and reports what the flood got
 * and what the bystander saw.
 */
async function flood(server: PollcastProcess, poll: Poll, count: number, open: (i: number) => Held) {
  let done = false;
  const probing = probe(server, poll, () => done);
  const held: Held[] = [];
  for (let i = 0; i < count; i++) {
    held.push(open(i));
    // Paced in bursts, so the probes run while the flood arrives and not only after it.
    if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Hold everything a while, as an attacker would, then let go.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const statuses = await Promise.all(
    held.map(({ status }) => Promise.race([status, new Promise<number>((resolve) => setTimeout(resolve, 50, -1))])),
  );
  const stillOpen = held.filter(({ socket }) => !socket.destroyed && socket.readyState === 'open').length;
  done = true;
  const probes = await probing;
  for (const { socket } of held) socket.destroy();
  const slowest = (what: string) => Math.max(...probes.filter((p) => p.what === what).map((p) => p.ms));
  console.log(
    `flood of ${count}: ${JSON.stringify(tally(statuses.map((s) => (s === -1 ? 1 : s))))} (1 = no answer yet), ` +
      `${stillOpen} still open; bystander ${probes.length / 3} rounds, slowest health ${slowest('health')} ms, ` +
      `vote ${slowest('vote')} ms, page ${slowest('page')} ms`,
  );
  return { probes, stillOpen };
}

describe(`connection floods (embedded, open-file limit ${OPEN_FILES})`, () => {
  let server: PollcastProcess;
  let poll: Poll;

  beforeAll(async () => {
    server = await startPollcastProcess({
      openFiles: OPEN_FILES,
      env: { TRUST_PROXY: '127.0.0.1', METRICS_TOKEN, RATE_LIMIT_VOTES_PER_MINUTE: '100000' },
    });
    poll = await apiOf(server).create();
    expect((await rawRequest(server.url, 'GET', `/polls/${poll.id}`)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports its open-file limit and connection caps in health', async () => {
    const health = await rawRequest(server.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    // 1,024 descriptors: 256 stay for the database and files, 96 more are kept from live streams.
    expect(health.body.connections).toMatchObject({ open_files_limit: OPEN_FILES, max: 768, live_max: 672 });
  });

  it('keeps answering others while one address opens 2,000 streams and idle sockets', async () => {
    const { probes, stillOpen } = await flood(server, poll, 2_000, (i) =>
      // Three streams for every socket that never sends its headers.
      hold(server, FLOODER, i % 4 === 3 ? undefined : streamRequest(poll.id)),
    );
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
    // One address holds at most half of CONNECTIONS_MAX (768 / 2); the rest were closed.
    expect(stillOpen).toBeLessThanOrEqual(384);
    expect(await metric(server, 'pollcast_connections_refused_total{reason="address"}')).toBeGreaterThan(1_000);
  });

  it('keeps answering others while 20 addresses behind the trusted proxy open 2,000 streams', async () => {
    const shedBefore = await metric(server, 'pollcast_connections_shed_total');
    const { probes, stillOpen } = await flood(server, poll, 2_000, (i) =>
      hold(server, '127.0.0.1', streamRequest(poll.id, `10.9.0.${(i % 20) + 1}`)),
    );
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
    expect(stillOpen).toBeLessThanOrEqual(768);
    // Streams past LIVE_CONNECTIONS_MAX were refused with 503 and their sockets closed, or shed
    // to let the bystander in: either way the flood holds no more than the server allows.
    const shed = (await metric(server, 'pollcast_connections_shed_total')) - shedBefore;
    const refused = await metric(server, 'pollcast_connections_refused_total');
    console.log(`shed ${shed}, refused ${refused} so far`);
    const health = await rawRequest(server.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
  });

  it('sheds the heaviest addresses when 20 of them hold more sockets than the server has', async () => {
    const shedBefore = await metric(server, 'pollcast_connections_shed_total');
    // 20 loopback addresses, 75 sockets each: idle keep-alive sockets and streams, 1,500 in all.
    const { probes, stillOpen } = await flood(server, poll, 1_500, (i) =>
      hold(server, `127.0.1.${(i % 20) + 1}`, i % 2 ? undefined : streamRequest(poll.id)),
    );
    expect(probes.filter((p) => p.status !== 200)).toEqual([]);
    expect(stillOpen).toBeLessThanOrEqual(768);
    expect((await metric(server, 'pollcast_connections_shed_total')) - shedBefore).toBeGreaterThan(0);
  });
});

describe('the open-file limit at start', () => {
  it('raises a low soft limit to the hard limit, and says so in health', async () => {
    const server = await startPollcastProcess({ openFiles: '512:4096' });
    try {
      const health = await rawRequest(server.url, 'GET', '/api/health');
      expect(health.body.connections).toMatchObject({ open_files_limit: 4096, max: 3072 });
    } finally {
      await server.stop();
    }
  });
});
