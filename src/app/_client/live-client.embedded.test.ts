import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  client,
  freshStore,
  nextVoterIp,
  startInstance,
  tcpRelay,
  type Store,
  type TestServer,
  WAIT,
} from '../../../tests/support/harness';
import { NodeEventSource } from '../../../tests/support/live-viewers';
import type { EventSourceConstructor } from './event-source';
import { watchPoll, type LiveState, type LiveStatus } from './live-client';

/**
 * The browser client's reconnect and ordering rules, run in Node against a real server (PGlite)
 * through a relay that can drop connections. Node 20 has no EventSource, so a small one from
 * the test kit stands in; the browser's own is exercised by the end-to-end tests.
 */

type Watched = { states: LiveState[]; statuses: LiveStatus[]; stop: () => void };

/** An EventSource whose events the test writes, in whatever order it likes. */
class ScriptedSource {
  static last: ScriptedSource | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  listeners = new Map<string, (event: { data: string; lastEventId: string }) => void>();
  constructor(readonly url: string) {
    ScriptedSource.last = this;
  }
  addEventListener(type: string, listener: (event: { data: string; lastEventId: string }) => void) {
    this.listeners.set(type, listener);
  }
  close() {}
  emit(type: string, seq: number, body: Record<string, unknown>) {
    this.listeners.get(type)?.({ data: JSON.stringify({ type, seq, ...body }), lastEventId: String(seq) });
  }
}

describe('live client (watchPoll)', () => {
  let store: Store;
  let server: TestServer;
  let relay: Awaited<ReturnType<typeof tcpRelay>>;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    store = await freshStore('embedded');
    server = await startInstance(store);
    relay = await tcpRelay(Number(new URL(server.url).port));
    api = client(server.url);
  });
  afterAll(async () => {
    await relay?.close();
    await server?.close();
    await store?.drop();
  });

  const createPoll = async () => (await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'] } })).body;
  const watch = (pollId: string, backoff = { initialMs: 50, maxMs: 200 }): Watched => {
    const watched: Watched = { states: [], statuses: [], stop: () => {} };
    watched.stop = watchPoll(
      pollId,
      { onState: (s) => watched.states.push(s), onStatus: (s) => watched.statuses.push(s) },
      { baseUrl: `http://127.0.0.1:${relay.port}/`, EventSource: NodeEventSource, backoff },
    );
    return watched;
  };
  const expectNeverBackwards = (states: LiveState[]) => {
    for (let i = 1; i < states.length; i++) {
      expect(states[i]!.seq).toBeGreaterThanOrEqual(states[i - 1]!.seq);
      expect(states[i]!.total_votes).toBeGreaterThanOrEqual(states[i - 1]!.total_votes);
    }
  };

  it('reports the snapshot and then each change, going from connecting to live', async () => {
    const poll = await createPoll();
    const watched = watch(poll.id);
    await vi.waitFor(() => expect(watched.states.at(-1)?.total_votes).toBe(0), WAIT);
    await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[1].id }, ip: nextVoterIp() });
    await vi.waitFor(
      () => expect(watched.states.at(-1)?.options[1]).toEqual({ id: poll.options[1].id, count: 1 }),
      WAIT,
    );
    expect(watched.statuses).toEqual(['connecting', 'live']);
    watched.stop();
    expect(watched.statuses.at(-1)).toBe('closed');
  });

  it('reconnects after the connection drops and catches up on what it missed, never going backwards', async () => {
    const poll = await createPoll();
    const vote = () =>
      api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[0].id }, ip: nextVoterIp() });
    const watched = watch(poll.id);
    await vi.waitFor(() => expect(watched.statuses.at(-1)).toBe('live'), WAIT);
    await vote();
    await vi.waitFor(() => expect(watched.states.at(-1)?.total_votes).toBe(1), WAIT);
    const opened = NodeEventSource.opened;

    relay.cut();
    await vote();
    await vote();
    await vi.waitFor(() => expect(watched.states.at(-1)?.total_votes).toBe(3), WAIT);
    expect(NodeEventSource.opened).toBeGreaterThan(opened);
    expect(watched.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    await vote();
    await vi.waitFor(() => expect(watched.states.at(-1)?.total_votes).toBe(4), WAIT);
    expectNeverBackwards(watched.states);
    watched.stop();
  });

  it('reports a deleted poll once and stops', async () => {
    const poll = await createPoll();
    const watched = watch(poll.id);
    await vi.waitFor(() => expect(watched.statuses.at(-1)).toBe('live'), WAIT);
    await api('DELETE', `/api/polls/${poll.id}`, { headers: { authorization: `Bearer ${poll.admin_token}` } });
    await vi.waitFor(() => expect(watched.statuses.at(-1)).toBe('closed'), WAIT);
    expect(watched.states.at(-1)).toMatchObject({ deleted: true, is_active: false });
    expect(watched.states.filter((s) => s.deleted)).toHaveLength(1);
  });

  it('stops retrying when the poll was deleted while it was disconnected', async () => {
    const poll = await createPoll();
    const watched = watch(poll.id, { initialMs: 400, maxMs: 400 });
    await vi.waitFor(() => expect(watched.statuses.at(-1)).toBe('live'), WAIT);
    relay.cut();
    await api('DELETE', `/api/polls/${poll.id}`, { headers: { authorization: `Bearer ${poll.admin_token}` } });
    await vi.waitFor(() => expect(watched.statuses.at(-1)).toBe('closed'), WAIT);
    expect(watched.states.at(-1)).toMatchObject({ deleted: true, is_active: false });
  });

  it('never reports a state older than one it reported, whatever order events come in', () => {
    const states: LiveState[] = [];
    const stop = watchPoll(
      'p',
      { onState: (s) => states.push(s) },
      { EventSource: ScriptedSource as unknown as EventSourceConstructor },
    );
    const source = ScriptedSource.last!;
    const snapshot = (total: number, isActive = true) => ({
      poll_id: 'p',
      total_votes: total,
      options: [
        { id: 'a', count: total },
        { id: 'b', count: 0 },
      ],
      is_active: isActive,
    });
    source.emit('poll_updated', 5, snapshot(5));
    source.emit('poll_updated', 3, snapshot(3));
    source.emit('vote_submitted', 4, { poll_id: 'p', option_id: 'a', new_count: 4, total_votes: 4 });
    source.emit('poll_updated', 5, snapshot(5));
    source.emit('poll_updated', 5, snapshot(5, false));
    source.emit('vote_submitted', 6, { poll_id: 'p', option_id: 'b', new_count: 1, total_votes: 6 });
    expect(states.map((s) => [s.seq, s.total_votes, s.is_active])).toEqual([
      [5, 5, true],
      [5, 5, false],
      [6, 6, false],
    ]);
    expect(states.at(-1)?.options).toEqual([
      { id: 'a', count: 5 },
      { id: 'b', count: 1 },
    ]);
    expect(source.url).toBe('/api/polls/p/stream');
    stop();
  });

  it('reports how many watch the poll, from a frame at the same seq too, but never from an older one', () => {
    const states: LiveState[] = [];
    const stop = watchPoll(
      'p',
      { onState: (s) => states.push(s) },
      { EventSource: ScriptedSource as unknown as EventSourceConstructor },
    );
    const source = ScriptedSource.last!;
    const snapshot = (viewers: number, isActive = true) => ({
      poll_id: 'p',
      total_votes: 2,
      options: [
        { id: 'a', count: 2 },
        { id: 'b', count: 0 },
      ],
      is_active: isActive,
      results_visibility: 'always',
      results_visible: true,
      viewers,
    });
    source.emit('poll_updated', 5, snapshot(3));
    source.emit('poll_updated', 5, snapshot(3));
    source.emit('poll_updated', 5, snapshot(4));
    source.emit('poll_updated', 4, snapshot(9));
    source.emit('poll_updated', 5, snapshot(4, false));
    source.emit('poll_updated', 5, snapshot(7, true));
    source.emit('vote_submitted', 6, { poll_id: 'p', option_id: 'b', new_count: 1, total_votes: 3, viewers: 8 });
    expect(states.map((s) => [s.seq, s.viewers, s.is_active])).toEqual([
      [5, 3, true],
      [5, 4, true],
      [5, 4, false],
      [5, 7, false],
      [6, 8, false],
    ]);
    stop();
  });

  it('counts every stream watching a poll', async () => {
    const poll = await createPoll();
    const [first, second] = [watch(poll.id), watch(poll.id)];
    await vi.waitFor(() => expect([first, second].map((w) => w.states.at(-1)?.viewers)).toEqual([2, 2]), WAIT);
    second.stop();
    await vi.waitFor(() => expect(first.states.at(-1)?.viewers).toBe(1), WAIT);
    first.stop();
  });

  it('with the admin token reads the counts a poll hides, over fetch with the token in a header, and reconnects', async () => {
    const poll = (
      await api('POST', '/api/polls', { json: { title: 't', options: ['a', 'b'], results_visibility: 'creator' } })
    ).body;
    const admin: Watched = { states: [], statuses: [], stop: () => {} };
    admin.stop = watchPoll(
      poll.id,
      { onState: (s) => admin.states.push(s), onStatus: (s) => admin.statuses.push(s) },
      {
        baseUrl: `http://127.0.0.1:${relay.port}`,
        adminToken: poll.admin_token,
        backoff: { initialMs: 50, maxMs: 200 },
      },
    );
    const stranger = watch(poll.id);
    await vi.waitFor(() => expect(admin.states.at(-1)?.results_visible).toBe(true), WAIT);
    await vi.waitFor(() => expect(stranger.states).toHaveLength(1), WAIT);
    await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[1].id }, ip: nextVoterIp() });
    await vi.waitFor(() => expect(admin.states.at(-1)?.options.map((o) => o.count)).toEqual([0, 1]), WAIT);
    await vi.waitFor(() => expect(stranger.states.at(-1)?.total_votes).toBe(1), WAIT);
    expect(stranger.states.at(-1)).toMatchObject({
      results_visible: false,
      options: [{ count: null }, { count: null }],
    });

    relay.cut();
    await api('POST', `/api/polls/${poll.id}/vote`, { json: { option_id: poll.options[0].id }, ip: nextVoterIp() });
    await vi.waitFor(() => expect(admin.states.at(-1)?.options.map((o) => o.count)).toEqual([1, 1]), WAIT);
    expect(admin.statuses).toContain('reconnecting');
    expectNeverBackwards(admin.states);
    admin.stop();
    stranger.stop();
    expect(admin.statuses.at(-1)).toBe('closed');
  });
});
