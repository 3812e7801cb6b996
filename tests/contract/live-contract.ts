import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiApp } from '../../src/api/app';
import { listen } from '../../src/server/http-server';
import {
  client,
  freshStore,
  nextVoterIp,
  startInstance,
  type Mode,
  type Store,
  type TestServer,
  WAIT,
} from '../support/harness';
import { useContractInstance } from '../support/contract-instance';
import {
  openSocketViewer,
  openSseViewer,
  SseParser,
  type SocketViewer,
  type SseEvent,
  type SseViewer,
} from '../support/live-viewers';
import { createLiveSockets, MAX_MESSAGE_BYTES } from '../../src/realtime/live-sockets';

/** The live protocol of docs/REALTIME.md (SSE and WebSocket), over real sockets against each mode. */

type Shown = { seq: number; total_votes: number; options: { id: string; count: number }[]; is_active: boolean };
type Message = Record<string, any>;

/** What a viewer shows after each message, the way a client applies them. */
function replay(messages: Message[]): Shown[] {
  const shown: Shown[] = [];
  let current: Shown | undefined;
  for (const m of messages) {
    if (m.type === 'poll_updated') {
      current = { seq: m.seq, total_votes: m.total_votes, options: m.options, is_active: m.is_active };
    } else if (m.type === 'vote_submitted') {
      if (!current) throw new Error('vote_submitted before any snapshot');
      current = {
        ...current,
        seq: m.seq,
        total_votes: m.total_votes,
        options: current.options.map((o) => (o.id === m.option_id ? { id: o.id, count: m.new_count } : o)),
      };
    } else continue;
    shown.push(current);
  }
  return shown;
}

function expectNeverBackwards(shown: Shown[]): void {
  for (let i = 1; i < shown.length; i++) {
    const [before, after] = [shown[i - 1]!, shown[i]!];
    expect(after.seq).toBeGreaterThanOrEqual(before.seq);
    expect(after.total_votes).toBeGreaterThanOrEqual(before.total_votes);
    for (const option of after.options) {
      expect(option.count).toBeGreaterThanOrEqual(before.options.find((o) => o.id === option.id)!.count);
    }
  }
}

const sseMessages = (viewer: SseViewer): Message[] =>
  viewer.events.map((event) => {
    const message = JSON.parse(event.data);
    expect(event.event).toBe(message.type);
    expect(event.id).toBe(String(message.seq));
    return message;
  });
const socketMessages = (viewer: SocketViewer, pollId: string): Message[] =>
  viewer.messages.filter((m) => m.poll_id === pollId && (m.type === 'poll_updated' || m.type === 'vote_submitted'));
const lastShown = (messages: Message[]) => replay(messages).at(-1);

/** `redisUrl` puts the instances on Redis (bus, limits, cache), as services mode runs in production. */
export function defineLiveContract(mode: Mode, options: { redisUrl?: string } = {}): void {
  let store: Store;
  let server: TestServer;
  let api: ReturnType<typeof client>;

  useContractInstance(mode, { ...options, checkCounters: false }, (started) => {
    ({ store, server, api } = started);
  });

  type Created = { id: string; admin_token: string; options: { id: string }[] };
  const createPoll = async (overrides: Record<string, unknown> = {}): Promise<Created> => {
    const reply = await api('POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...overrides },
      ip: nextVoterIp(),
    });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const vote = (pollId: string, optionId: string, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${pollId}/vote`, { json: { option_id: optionId }, ip });

  describe(`SSE stream (${mode})`, () => {
    it('answers an unknown or malformed poll with a JSON 404 before any stream starts', async () => {
      for (const id of [crypto.randomUUID(), 'not-a-poll']) {
        const viewer = await openSseViewer(server.url, id);
        await viewer.waitForEnd();
        expect(viewer.status).toBe(404);
        expect(viewer.headers['content-type']).toMatch(/^application\/json/);
        expect(JSON.parse(viewer.body).error.code).toBe('not_found');
      }
    });

    it('starts with a full poll_updated snapshot, uncompressed and uncached', async () => {
      const poll = await createPoll();
      const viewer = await openSseViewer(server.url, poll.id, { 'accept-encoding': 'gzip, br' });
      expect(viewer.status).toBe(200);
      expect(viewer.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(viewer.headers['cache-control']).toBe('no-cache, no-transform');
      expect(viewer.headers['x-accel-buffering']).toBe('no');
      expect(viewer.headers['content-encoding']).toBeUndefined();
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      expect(sseMessages(viewer)[0]).toEqual({
        type: 'poll_updated',
        poll_id: poll.id,
        seq: expect.any(Number),
        options: poll.options.map((o) => ({ id: o.id, count: 0 })),
        total_votes: 0,
        is_active: true,
        results_visibility: 'always',
        results_visible: true,
        revision: 0,
        viewers: 1,
      });
      viewer.close();
    });

    it('sends each vote with an id that grows', async () => {
      const poll = await createPoll();
      const viewer = await openSseViewer(server.url, poll.id);
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      expect((await vote(poll.id, poll.options[1]!.id)).status).toBe(200);
      await viewer.waitFor((events) => events.length >= 2, 'the vote');
      const [snapshot, update] = sseMessages(viewer);
      expect(update).toEqual({
        type: 'vote_submitted',
        poll_id: poll.id,
        seq: expect.any(Number),
        option_id: poll.options[1]!.id,
        new_count: 1,
        total_votes: 1,
        viewers: 1,
      });
      expect(update!.seq).toBeGreaterThan(snapshot!.seq);
      viewer.close();
    });

    it('gives a viewer that resumes with an old Last-Event-ID a fresh snapshot', async () => {
      const poll = await createPoll();
      const first = await openSseViewer(server.url, poll.id);
      await first.waitFor((events) => events.length >= 1, 'the snapshot');
      const seen = first.events[0]!.id!;
      first.close();
      await vote(poll.id, poll.options[0]!.id);
      await vote(poll.id, poll.options[2]!.id);
      const resumed = await openSseViewer(server.url, poll.id, { 'last-event-id': seen });
      await resumed.waitFor((events) => events.length >= 1, 'a snapshot');
      const [snapshot] = sseMessages(resumed);
      expect(snapshot).toMatchObject({ type: 'poll_updated', total_votes: 2 });
      expect(snapshot!.seq).toBeGreaterThan(Number(seen));
      resumed.close();
    });

    it('needs no snapshot for a viewer that resumes at the current id, and sends it the next change', async () => {
      const poll = await createPoll();
      await vote(poll.id, poll.options[0]!.id);
      const current = (await api('GET', `/api/polls/${poll.id}`)).body.stats.seq as number;
      const viewer = await openSseViewer(server.url, poll.id, { 'last-event-id': String(current) });
      expect(viewer.status).toBe(200);
      await vote(poll.id, poll.options[0]!.id);
      await viewer.waitFor((events) => events.length >= 1, 'the next vote');
      expect(sseMessages(viewer)[0]).toMatchObject({ type: 'vote_submitted', seq: current + 1, new_count: 2 });
      viewer.close();
    });

    it('tells viewers when the poll is closed and reopened, and ends the stream when it is deleted', async () => {
      const poll = await createPoll();
      const auth = { authorization: `Bearer ${poll.admin_token}` };
      const viewer = await openSseViewer(server.url, poll.id);
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: auth });
      await viewer.waitFor((e) => lastShown(sseMessages(viewer))?.is_active === false && e.length > 1, 'closed');
      await api('PATCH', `/api/polls/${poll.id}`, { json: { is_active: true }, headers: auth });
      await viewer.waitFor(() => lastShown(sseMessages(viewer))?.is_active === true, 'reopened');
      expect((await api('DELETE', `/api/polls/${poll.id}`, { headers: auth })).status).toBe(204);
      await viewer.waitForEnd();
      expect(sseMessages(viewer).at(-1)).toMatchObject({ type: 'poll_updated', deleted: true, is_active: false });
      const again = await openSseViewer(server.url, poll.id);
      await again.waitForEnd();
      expect(again.status).toBe(404);
    });

    it('tells viewers of an edit: a new revision with the new answers, then their votes', async () => {
      const poll = await createPoll();
      const viewer = await openSseViewer(server.url, poll.id);
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      expect(sseMessages(viewer)[0]).toMatchObject({ type: 'poll_updated', revision: 0 });
      const edited = await api('PATCH', `/api/polls/${poll.id}`, {
        json: { title: 'Dinner?', options: ['Curry', 'Pizza'] },
        headers: { authorization: `Bearer ${poll.admin_token}` },
      });
      const ids = edited.body.options.map((o: { id: string }) => o.id);
      await viewer.waitFor(() => sseMessages(viewer).some((m) => m.revision === 1), 'the edit');
      const update = sseMessages(viewer).find((m) => m.revision === 1)!;
      expect(update.options).toEqual(ids.map((id: string) => ({ id, count: 0 })));
      await vote(poll.id, ids[1]);
      await viewer.waitFor(() => lastShown(sseMessages(viewer))?.total_votes === 1, 'the vote');
      expect(lastShown(sseMessages(viewer))!.options).toEqual([
        { id: ids[0], count: 0 },
        { id: ids[1], count: 1 },
      ]);
      viewer.close();
    });

    it('streams through a web Response where there is no Node response (the Next route mount)', async () => {
      const poll = await createPoll();
      const app = createApiApp(server.pollcast);
      const missing = await app.fetch(new Request(`http://pollcast.test/api/polls/${crypto.randomUUID()}/stream`));
      expect(missing.status).toBe(404);

      const response = await app.fetch(new Request(`http://pollcast.test/api/polls/${poll.id}/stream`));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      const events: SseEvent[] = [];
      const readUntil = async (count: number) => {
        while (events.length < count) {
          const { value, done } = await reader.read();
          if (done) throw new Error('the stream ended');
          events.push(...parser.push(value));
        }
      };
      await readUntil(1);
      expect(events[0]).toMatchObject({ event: 'poll_updated' });
      const viewersBefore = server.pollcast.hub.stats().viewers;
      await vote(poll.id, poll.options[0]!.id);
      await readUntil(2);
      expect(JSON.parse(events[1]!.data)).toMatchObject({ type: 'vote_submitted', total_votes: 1 });
      await reader.cancel();
      expect(server.pollcast.hub.stats().viewers).toBe(viewersBefore - 1);
    });

    it('tells viewers when a watched poll reaches its end time', async () => {
      const poll = await createPoll({ expires_at: new Date(Date.now() + 1_500).toISOString() });
      const viewer = await openSseViewer(server.url, poll.id);
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      expect(sseMessages(viewer)[0]).toMatchObject({ is_active: true });
      await viewer.waitFor(() => lastShown(sseMessages(viewer))?.is_active === false, 'the end of the poll');
      viewer.close();
    });
  });

  describe(`WebSocket (${mode})`, () => {
    it('watches several polls on one socket: a snapshot on subscribe, then their votes', async () => {
      const [a, b] = [await createPoll(), await createPoll()];
      const socket = await openSocketViewer(server.url);
      socket.send({ type: 'subscribe', poll_id: a.id });
      socket.send({ type: 'subscribe', poll_id: b.id });
      await socket.waitFor((m) => m.filter((x) => x.type === 'poll_updated').length === 2, 'two snapshots');
      await vote(a.id, a.options[0]!.id);
      await vote(b.id, b.options[1]!.id);
      await socket.waitFor(() => lastShown(socketMessages(socket, a.id))?.total_votes === 1, 'the vote on a');
      await socket.waitFor(() => lastShown(socketMessages(socket, b.id))?.total_votes === 1, 'the vote on b');
      expect(lastShown(socketMessages(socket, b.id))?.options[1]).toEqual({ id: b.options[1]!.id, count: 1 });

      socket.send({ type: 'unsubscribe', poll_id: a.id });
      await vi.waitFor(() => expect(server.pollcast.hub.stats().viewers).toBe(1), WAIT);
      socket.send({ type: 'refresh', poll_id: a.id });
      await socket.waitFor((m) => m.filter((x) => x.poll_id === a.id).length >= 3, 'the refreshed state of a');
      await socket.close();
    });

    it('votes over the socket as the voter who opened it, with the HTTP vote rules', async () => {
      const poll = await createPoll();
      const ip = nextVoterIp();
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': ip } });
      socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[0]!.id, request_id: 'r1' });
      await socket.waitFor((m) => m.some((x) => x.request_id === 'r1'), 'the vote result');
      expect(socket.messages.find((x) => x.request_id === 'r1')).toEqual({
        type: 'vote_result',
        request_id: 'r1',
        poll_id: poll.id,
        success: true,
        counted: true,
        new_counts: { total_votes: 1, options: poll.options.map((o, i) => ({ id: o.id, count: i === 0 ? 1 : 0 })) },
        results_visible: true,
      });

      socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[1]!.id, request_id: 2 });
      await socket.waitFor((m) => m.some((x) => x.request_id === 2), 'the duplicate vote');
      expect(socket.messages.find((x) => x.request_id === 2)).toMatchObject({
        type: 'error',
        code: 'already_voted',
        details: { option_id: poll.options[0]!.id },
      });
      expect((await vote(poll.id, poll.options[1]!.id, ip)).status).toBe(409);

      socket.send({ type: 'vote', poll_id: crypto.randomUUID(), option_id: poll.options[0]!.id, request_id: 'r3' });
      socket.send({ type: 'vote', poll_id: poll.id, option_id: crypto.randomUUID(), request_id: 'r4' });
      await socket.waitFor(
        (m) => m.some((x) => x.request_id === 'r4') && m.some((x) => x.request_id === 'r3'),
        'r3, r4',
      );
      expect(socket.messages.find((x) => x.request_id === 'r3')).toMatchObject({ type: 'error', code: 'not_found' });
      expect(socket.messages.find((x) => x.request_id === 'r4')).toMatchObject({
        type: 'error',
        code: 'invalid_option',
      });
      await socket.close();
    });

    it('answers malformed messages with an error and keeps the socket open', async () => {
      const socket = await openSocketViewer(server.url);
      const bad: (string | Buffer)[] = [
        'not json',
        '[]',
        'null',
        JSON.stringify({ type: 'dance' }),
        JSON.stringify({ type: 'subscribe' }),
        JSON.stringify({ type: 'vote', poll_id: crypto.randomUUID(), request_id: 'no-option' }),
        Buffer.from([1, 2, 3]),
      ];
      for (const message of bad) socket.sendRaw(message);
      socket.send({ type: 'subscribe', poll_id: crypto.randomUUID() });
      await socket.waitFor((m) => m.length === bad.length + 1, 'an answer to each message');
      expect(
        socket.messages.slice(0, bad.length).every((m) => m.type === 'error' && m.code === 'invalid_request'),
      ).toBe(true);
      expect(socket.messages.find((m) => m.request_id === 'no-option')).toBeDefined();
      expect(socket.messages.at(-1)).toMatchObject({ type: 'error', code: 'not_found' });

      const poll = await createPoll();
      socket.send({ type: 'subscribe', poll_id: poll.id });
      await socket.waitFor((m) => m.some((x) => x.type === 'poll_updated'), 'a snapshot on the same socket');
      await socket.close();
    });

    it(`closes a socket that sends a message over ${MAX_MESSAGE_BYTES} bytes`, async () => {
      const socket = await openSocketViewer(server.url);
      const closed = new Promise<number>((resolve) => socket.ws.once('close', (code) => resolve(code)));
      socket.sendRaw(JSON.stringify({ type: 'refresh', poll_id: 'x'.repeat(MAX_MESSAGE_BYTES) }));
      expect(await closed).toBe(1009);
    });

    it('refuses a socket opened by a page of another site', async () => {
      await expect(openSocketViewer(server.url, { origin: 'https://elsewhere.example' })).rejects.toThrow(/403/);
      const own = await openSocketViewer(server.url, { origin: server.url });
      await own.close();
    });

    it('drops a peer that stops answering pings', async () => {
      const live = createLiveSockets(server.pollcast, { pingIntervalMs: 50 });
      const running = await listen(server.pollcast, { port: 0, host: '127.0.0.1', onUpgrade: live.handleUpgrade });
      try {
        const silent = await openSocketViewer(`http://127.0.0.1:${running.port}`, { autoPong: false });
        const closed = new Promise<void>((resolve) => silent.ws.once('close', () => resolve()));
        const answering = await openSocketViewer(`http://127.0.0.1:${running.port}`);
        await closed;
        expect(answering.ws.readyState).toBe(answering.ws.OPEN);
        await vi.waitFor(() => expect(live.stats().sockets).toBe(1), WAIT);
        await answering.close();
      } finally {
        live.close();
        await running.close();
      }
    });
  });

  describe(`many viewers (${mode})`, () => {
    it('brings every SSE and WebSocket viewer to the exact total of a 50-vote burst, never backwards', async () => {
      const poll = await createPoll();
      const sse = await Promise.all([1, 2, 3].map(() => openSseViewer(server.url, poll.id)));
      const sockets = await Promise.all([1, 2].map(() => openSocketViewer(server.url)));
      for (const socket of sockets) socket.send({ type: 'subscribe', poll_id: poll.id });
      for (const viewer of sse) await viewer.waitFor((e) => e.length >= 1, 'the snapshot');
      for (const socket of sockets) await socket.waitFor((m) => m.length >= 1, 'the snapshot');

      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(poll.id, poll.options[i % 3]!.id)));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      const truth = (await api('GET', `/api/polls/${poll.id}`)).body;
      const expected = truth.options.map((o: { id: string; vote_count: number }) => ({
        id: o.id,
        count: o.vote_count,
      }));
      expect(truth.stats.total_votes).toBe(50);

      const feeds = [...sse.map((v) => () => sseMessages(v)), ...sockets.map((s) => () => socketMessages(s, poll.id))];
      await vi.waitFor(() => {
        for (const feed of feeds) expect(lastShown(feed())).toMatchObject({ total_votes: 50, options: expected });
      }, WAIT);
      for (const feed of feeds) expectNeverBackwards(replay(feed()));
      for (const viewer of sse) viewer.close();
      for (const socket of sockets) await socket.close();
    });
  });

  describe(`watching now (${mode})`, () => {
    it('counts every SSE stream and WebSocket subscription of a poll in the frames of all of them', async () => {
      const poll = await createPoll();
      const sse = await openSseViewer(server.url, poll.id);
      const socket = await openSocketViewer(server.url);
      socket.send({ type: 'subscribe', poll_id: poll.id });
      const seenBy = () => [sseMessages(sse).at(-1)?.viewers, socketMessages(socket, poll.id).at(-1)?.viewers];
      await vi.waitFor(() => expect(seenBy()).toEqual([2, 2]), WAIT);
      // Watching another poll on the same socket counts there, not here.
      const other = await createPoll();
      socket.send({ type: 'subscribe', poll_id: other.id });
      await socket.waitFor((m) => m.some((x) => x.poll_id === other.id), 'the other poll');
      expect(socketMessages(socket, other.id)[0]).toMatchObject({ viewers: 1 });

      const before = sse.events.length;
      socket.send({ type: 'unsubscribe', poll_id: poll.id });
      await sse.waitFor(() => sseMessages(sse).at(-1)?.viewers === 1, 'the count after the socket left');
      // The news of a count is the same state again: the seq does not move.
      const [last] = sseMessages(sse).slice(before);
      expect(last).toMatchObject({ type: 'poll_updated', seq: sseMessages(sse)[0]!.seq, total_votes: 0 });
      sse.close();
      await socket.close();
    });
  });

  describe(`hidden results (${mode})`, () => {
    /** In services mode a second instance on the same database and Redis: votes there reach viewers here. */
    let other: TestServer;
    let otherApi: ReturnType<typeof client>;
    beforeAll(async () => {
      other = mode === 'services' ? await startInstance(store) : server;
      otherApi = client(other.url);
    });
    afterAll(async () => {
      if (other && other !== server) await other.close();
    });
    const voteElsewhere = (pollId: string, optionId: string, ip: string) =>
      otherApi('POST', `/api/polls/${pollId}/vote`, { json: { option_id: optionId }, ip });
    const patch = (poll: Created, json: unknown) =>
      api('PATCH', `/api/polls/${poll.id}`, { json, headers: { authorization: `Bearer ${poll.admin_token}` } });
    /** Every live message that could carry a count, and whether it did. */
    const carriesCounts = (m: Message) =>
      m.type === 'vote_submitted' || m.options?.some((o: { count: number | null }) => o.count !== null);
    const frames = (messages: Message[]) =>
      messages.filter((m) => m.type === 'poll_updated' || m.type === 'vote_submitted');

    it('SSE: strangers get totals without counts until the creator reveals them; the admin always gets counts', async () => {
      const poll = await createPoll({ results_visibility: 'creator' });
      const stranger = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': nextVoterIp() });
      const admin = await openSseViewer(server.url, poll.id, { authorization: `Bearer ${poll.admin_token}` });
      const forged = await openSseViewer(server.url, poll.id, { authorization: 'Bearer forged' });
      await forged.waitForEnd();
      expect([forged.status, JSON.parse(forged.body).error.code]).toEqual([401, 'unauthorized']);

      for (let i = 0; i < 3; i++)
        expect((await voteElsewhere(poll.id, poll.options[i % 2]!.id, nextVoterIp())).status).toBe(200);
      await stranger.waitFor(() => lastShown(sseMessages(stranger))?.total_votes === 3, 'the total of 3');
      await admin.waitFor(() => lastShown(sseMessages(admin))?.total_votes === 3, 'the admin’s total of 3');
      expect(sseMessages(stranger).filter(carriesCounts)).toEqual([]);
      expect(sseMessages(stranger).at(-1)).toMatchObject({ results_visible: false, results_visibility: 'creator' });
      expect(lastShown(sseMessages(admin))?.options.map((o) => o.count)).toEqual([2, 1, 0]);

      expect((await patch(poll, { results_visibility: 'always' })).status).toBe(200);
      await stranger.waitFor(
        () => sseMessages(stranger).at(-1)?.results_visible === true,
        'the counts on the same connection after the reveal',
      );
      expect(lastShown(sseMessages(stranger))?.options.map((o) => o.count)).toEqual([2, 1, 0]);
      stranger.close();
      admin.close();
    });

    it('SSE: a viewer who votes starts getting counts on the same connection; others wait for the close', async () => {
      const poll = await createPoll({ results_visibility: 'after_vote' });
      const [me, them] = [nextVoterIp(), nextVoterIp()];
      const mine = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': me });
      const theirs = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': them });
      await mine.waitFor((events) => events.length >= 1, 'the snapshot');
      await theirs.waitFor((events) => events.length >= 1, 'the snapshot');
      expect((await voteElsewhere(poll.id, poll.options[1]!.id, nextVoterIp())).status).toBe(200);
      await mine.waitFor(() => lastShown(sseMessages(mine))?.total_votes === 1, 'a stranger’s vote');
      expect(sseMessages(mine).filter(carriesCounts)).toEqual([]);

      // Voted through the other instance: the news of this voter's ballot travels with the counts.
      expect((await voteElsewhere(poll.id, poll.options[0]!.id, me)).status).toBe(200);
      await mine.waitFor(() => sseMessages(mine).at(-1)?.results_visible === true, 'counts after voting');
      expect(lastShown(sseMessages(mine))).toMatchObject({ total_votes: 2 });
      expect(lastShown(sseMessages(mine))?.options.map((o) => o.count)).toEqual([1, 1, 0]);
      await theirs.waitFor(() => lastShown(sseMessages(theirs))?.total_votes === 2, 'the total of 2');
      expect(sseMessages(theirs).filter(carriesCounts)).toEqual([]);

      expect((await patch(poll, { is_active: false })).status).toBe(200);
      await theirs.waitFor(() => sseMessages(theirs).at(-1)?.results_visible === true, 'counts once closed');
      expect(lastShown(sseMessages(theirs))?.options.map((o) => o.count)).toEqual([1, 1, 0]);
      mine.close();
      theirs.close();
    });

    it('SSE: a viewer who voted before it connected gets the counts in its first frame', async () => {
      const poll = await createPoll({ results_visibility: 'after_vote' });
      const me = nextVoterIp();
      expect((await vote(poll.id, poll.options[2]!.id, me)).status).toBe(200);
      const viewer = await openSseViewer(server.url, poll.id, { 'x-forwarded-for': me });
      await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
      expect(sseMessages(viewer)[0]).toMatchObject({ results_visible: true, total_votes: 1 });
      expect(lastShown(sseMessages(viewer))?.options.map((o) => o.count)).toEqual([0, 0, 1]);
      viewer.close();
    });

    it('WebSocket: a voter sees counts after voting on the socket; a token in the subscribe message shows them', async () => {
      const poll = await createPoll({ results_visibility: 'after_vote' });
      const me = nextVoterIp();
      const socket = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': me } });
      const creator = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      socket.send({ type: 'subscribe', poll_id: poll.id });
      creator.send({ type: 'subscribe', poll_id: poll.id, admin_token: 'forged' });
      await creator.waitFor((m) => m.some((x) => x.type === 'error'), 'the refusal of a forged token');
      expect(creator.messages.find((x) => x.type === 'error')).toMatchObject({
        code: 'unauthorized',
        poll_id: poll.id,
      });
      creator.send({ type: 'subscribe', poll_id: poll.id, admin_token: poll.admin_token });
      await socket.waitFor((m) => frames(m).length >= 1, 'the snapshot');
      await creator.waitFor((m) => frames(m).length >= 1, 'the admin’s snapshot');

      expect((await voteElsewhere(poll.id, poll.options[0]!.id, nextVoterIp())).status).toBe(200);
      await socket.waitFor(() => lastShown(socketMessages(socket, poll.id))?.total_votes === 1, 'a stranger’s vote');
      await creator.waitFor(() => lastShown(socketMessages(creator, poll.id))?.total_votes === 1, 'the admin sees it');
      expect(frames(socket.messages).filter(carriesCounts)).toEqual([]);
      expect(lastShown(socketMessages(creator, poll.id))?.options.map((o) => o.count)).toEqual([1, 0, 0]);
      socket.send({ type: 'refresh', poll_id: poll.id });
      await socket.waitFor((m) => frames(m).length >= 3, 'the refreshed state');
      expect(frames(socket.messages).filter(carriesCounts)).toEqual([]);

      socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[1]!.id, request_id: 'mine' });
      await socket.waitFor((m) => m.some((x) => x.request_id === 'mine'), 'the vote result');
      expect(socket.messages.find((x) => x.request_id === 'mine')).toMatchObject({
        counted: true,
        results_visible: true,
        new_counts: { total_votes: 2 },
      });
      await socket.waitFor(
        () => socketMessages(socket, poll.id).at(-1)?.results_visible === true,
        'counts on the same socket after voting',
      );
      expect(lastShown(socketMessages(socket, poll.id))?.options.map((o) => o.count)).toEqual([1, 1, 0]);
      await socket.close();
      await creator.close();
    });
  });

  describe(`on an instance of its own, with a vote limit of 2 a minute (${mode})`, () => {
    let ownStore: Store;
    let instance: TestServer;
    beforeAll(async () => {
      ownStore = mode === 'embedded' ? await freshStore(mode, options) : store;
      instance = await startInstance(ownStore, { RATE_LIMIT_VOTES_PER_MINUTE: '2' });
    });
    afterAll(async () => {
      await instance?.close();
      if (ownStore && ownStore !== store) await ownStore.drop();
    });
    const newPolls = (n: number) =>
      Promise.all(
        Array.from({ length: n }, () =>
          instance.pollcast.polls.create(
            {
              kind: 'choice',
              title: 't',
              options: ['a', 'b'],
              filter_profanity: false,
              description: null,
              category: null,
              voter_identity: 'address',
              results_visibility: 'always',
              max_choices: 1,
              listed: false,
            },
            null,
          ),
        ),
      );

    it('limits votes over the socket like over HTTP', async () => {
      const created = await newPolls(3);
      const socket = await openSocketViewer(instance.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      created.forEach((poll, i) =>
        socket.send({ type: 'vote', poll_id: poll.id, option_id: poll.options[0]!.id, request_id: i }),
      );
      await socket.waitFor((m) => m.length === 3, 'three answers');
      const byRequest = [0, 1, 2].map((i) => socket.messages.find((m) => m.request_id === i));
      expect(byRequest.filter((m) => m?.type === 'vote_result')).toHaveLength(2);
      expect(byRequest.find((m) => m?.type === 'error')).toMatchObject({
        code: 'rate_limited',
        details: { retry_after: expect.any(Number) },
      });
      await socket.close();
    });

    // Polls and votes go straight to pollcast here, so the only connections are the viewers'.
    it('forgets 300 viewers that connect and leave: no viewers, bus subscriptions, timers or connections left', async () => {
      const { castVote, hub, bus } = instance.pollcast;
      const created = await newPolls(3);
      await vi.waitFor(async () => expect(await instance.connections()).toBe(0), WAIT);
      const sse = await Promise.all(
        Array.from({ length: 200 }, (_, i) => openSseViewer(instance.url, created[i % 3]!.id)),
      );
      const sockets = await Promise.all(Array.from({ length: 100 }, () => openSocketViewer(instance.url)));
      sockets.forEach((socket, i) => socket.send({ type: 'subscribe', poll_id: created[i % 3]!.id }));
      await vi.waitFor(() => expect(hub.stats()).toMatchObject({ viewers: 300, polls: 3, busSubscriptions: 3 }), WAIT);

      const [first] = created;
      await castVote({
        pollId: first!.id,
        ballot: { field: 'option_ids', values: [first!.options[0]!.id] },
        voter: { address: nextVoterIp(), browser: crypto.randomUUID() },
      });
      await vi.waitFor(() => {
        for (const [i, viewer] of sse.entries())
          if (i % 3 === 0) expect(lastShown(sseMessages(viewer))?.total_votes).toBe(1);
        for (const [i, socket] of sockets.entries())
          if (i % 3 === 0) expect(lastShown(socketMessages(socket, first!.id))?.total_votes).toBe(1);
      }, WAIT);

      // Half the sockets say goodbye, half just vanish; SSE readers all hang up.
      sse.forEach((viewer) => viewer.close());
      await Promise.all(sockets.map((socket, i) => (i % 2 ? socket.close() : socket.ws.terminate())));
      await vi.waitFor(async () => {
        expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
        expect(instance.live.stats().sockets).toBe(0);
        expect(await instance.connections()).toBe(0);
      }, WAIT);
      if ('activePolls' in bus) expect(bus.activePolls).toBe(0);
    });
  });
}
