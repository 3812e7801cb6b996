import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { WAIT } from '../../tests/support/harness';
import { RecordingChannel, sleep, viewerHubFixture } from '../../tests/support/viewer-hub';
import { AppError } from '../domain/errors';
import type { ViewerHub } from './viewer-hub';

/** The hub's delivery rules (tests/support/viewer-hub.ts has the hub, its bus and its polls). */

describe('ViewerHub', () => {
  const fixture = viewerHubFixture();
  const { polls, bus, addPoll, votes } = fixture;
  let hub: ViewerHub;
  const startHub = (options?: Parameters<typeof fixture.startHub>[0]) => (hub = fixture.startHub(options));

  it('starts every viewer with a full snapshot, then sends a one-option change as vote_submitted', async () => {
    startHub();
    const poll = addPoll();
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    expect(viewer.messages).toEqual([
      {
        type: 'poll_updated',
        poll_id: poll.id,
        seq: 1,
        options: [
          { id: 'a', count: 0 },
          { id: 'b', count: 0 },
        ],
        total_votes: 0,
        is_active: true,
        results_visibility: 'always',
        results_visible: true,
        revision: 0,
        viewers: 1,
      },
    ]);
    bus.publish(votes(poll, 2, 1, 0));
    await vi.waitFor(() => expect(viewer.messages).toHaveLength(2), WAIT);
    expect(viewer.messages[1]).toEqual({
      type: 'vote_submitted',
      poll_id: poll.id,
      seq: 2,
      option_id: 'a',
      new_count: 1,
      total_votes: 1,
      viewers: 1,
    });
  });

  it('merges changes to several options into one full poll_updated', async () => {
    startHub();
    const poll = addPoll();
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    bus.publish(votes(poll, 2, 1, 0, ['a']));
    bus.publish(votes(poll, 3, 1, 1, ['b']));
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ seq: 3 }), WAIT);
    expect(viewer.messages.slice(1)).toEqual([
      expect.objectContaining({ type: 'poll_updated', seq: 3, total_votes: 2, is_active: true }),
    ]);
  });

  it('sends the first update at once, then at most updatesPerSecond, the latest counts winning', async () => {
    startHub({ updatesPerSecond: 10 });
    const poll = addPoll();
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    const started = Date.now();
    let seq = 1;
    while (Date.now() - started < 500) {
      seq++;
      bus.publish(votes(poll, seq, seq - 1, 0));
      await sleep(5);
    }
    const elapsed = Date.now() - started;
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ seq, total_votes: seq - 1 }), WAIT);
    const updates = viewer.messages.length - 1;
    expect(seq).toBeGreaterThan(20);
    // One at once, then one per 100 ms window, plus the final one after the loop.
    expect(updates).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
  });

  it('never sends a viewer a state older than one it has', async () => {
    startHub();
    const poll = addPoll();
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    bus.publish(votes(poll, 5, 4, 0));
    await vi.waitFor(() => expect(viewer.messages).toHaveLength(2), WAIT);
    bus.publish(votes(poll, 3, 2, 0));
    bus.publish(votes(poll, 5, 4, 0));
    bus.publish(votes(poll, 6, 5, 0));
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ seq: 6 }), WAIT);
    expect(viewer.messages.map((m) => m.seq)).toEqual([1, 5, 6]);
  });

  it('lets a slow viewer skip updates and sends it the latest state once its socket drains', async () => {
    startHub();
    const poll = addPoll();
    const slow = new RecordingChannel();
    const quick = new RecordingChannel();
    await hub.watch(poll.id, slow).ready;
    await hub.watch(poll.id, quick).ready;
    slow.congested = true;
    for (let seq = 2; seq <= 10; seq++) {
      bus.publish(votes(poll, seq, seq - 1, 0));
      await sleep(2);
    }
    await vi.waitFor(() => expect(quick.messages.at(-1)).toMatchObject({ seq: 10 }), WAIT);
    expect(slow.messages).toHaveLength(1);
    expect(slow.waitingForDrain).toBe(1);
    slow.drain();
    expect(slow.messages.slice(1)).toEqual([
      expect.objectContaining({ type: 'poll_updated', seq: 10, total_votes: 9 }),
    ]);
    bus.publish(votes(poll, 11, 10, 0));
    await vi.waitFor(() => expect(slow.messages.at(-1)).toMatchObject({ type: 'vote_submitted', seq: 11 }), WAIT);
  });

  it('listens to the bus for a poll only while someone here watches it', async () => {
    startHub();
    const poll = addPoll();
    const first = hub.watch(poll.id, new RecordingChannel());
    const second = hub.watch(poll.id, new RecordingChannel());
    await Promise.all([first.ready, second.ready]);
    expect(hub.stats()).toMatchObject({ viewers: 2, polls: 1, busSubscriptions: 1 });
    expect(bus.activePolls).toBe(1);
    first.leave();
    first.leave();
    expect(hub.stats()).toMatchObject({ viewers: 1, busSubscriptions: 1 });
    second.leave();
    expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
    expect(bus.activePolls).toBe(0);
  });

  it('serves a crowd that arrives at once from one database read', async () => {
    startHub();
    const poll = addPoll();
    const before = fixture.counts.reads;
    const viewers = Array.from({ length: 100 }, () => new RecordingChannel());
    await Promise.all(viewers.map((viewer) => hub.watch(poll.id, viewer).ready));
    expect(fixture.counts.reads - before).toBe(1);
    bus.publish(votes(poll, 2, 1, 0));
    const late = new RecordingChannel();
    await hub.watch(poll.id, late).ready;
    expect(late.messages).toEqual([expect.objectContaining({ type: 'poll_updated', seq: 2, total_votes: 1 })]);
    expect(fixture.counts.reads - before).toBe(1);
  });

  it('rejects an unknown poll and keeps nothing for it', async () => {
    startHub();
    const watch = hub.watch(crypto.randomUUID(), new RecordingChannel());
    await expect(watch.ready).rejects.toMatchObject({ code: 'not_found' });
    expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
  });

  it('forgets a viewer that leaves before its snapshot was loaded', async () => {
    startHub();
    const poll = addPoll();
    const viewer = new RecordingChannel();
    const watch = hub.watch(poll.id, viewer);
    watch.leave();
    await watch.ready;
    expect(viewer.messages).toEqual([]);
    expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
  });

  it('skips the snapshot for a viewer that resumes from the current seq', async () => {
    startHub();
    const poll = addPoll({ seq: 7 });
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer, 7).ready;
    expect(viewer.messages).toEqual([]);
    const behind = new RecordingChannel();
    await hub.watch(poll.id, behind, 6).ready;
    expect(behind.messages).toEqual([expect.objectContaining({ type: 'poll_updated', seq: 7 })]);
  });

  it('keeps idle viewers open with a keep-alive, and stops when the last leaves', async () => {
    startHub({ keepAliveMs: 20 });
    const poll = addPoll();
    const viewer = new RecordingChannel();
    const watch = hub.watch(poll.id, viewer);
    await watch.ready;
    await vi.waitFor(() => expect(viewer.keepAlives).toBeGreaterThanOrEqual(2), WAIT);
    watch.leave();
    expect(hub.stats().timers).toBe(0);
  });

  it('tells viewers when a watched poll reaches its end time', async () => {
    startHub();
    const poll = addPoll({ expires_at: new Date(Date.now() + 150).toISOString() });
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    expect(viewer.messages[0]).toMatchObject({ is_active: true });
    await vi.waitFor(
      () => expect(viewer.messages.at(-1)).toMatchObject({ type: 'poll_updated', is_active: false }),
      WAIT,
    );
    expect(viewer.messages.at(-1)?.seq).toBe(1);
  });

  it('does not reopen an ended poll for a vote batch that committed just before the end', async () => {
    startHub();
    const poll = addPoll({ expires_at: new Date(Date.now() + 100).toISOString() });
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ is_active: false }), WAIT);
    bus.publish(votes(poll, 2, 1, 0));
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ seq: 2, total_votes: 1 }), WAIT);
    const states = viewer.messages.filter((m) => m.type === 'poll_updated');
    expect(states.map((m) => m.is_active)).toEqual([true, false]);
  });

  it('learns a new end time after a reschedule', async () => {
    startHub();
    const poll = addPoll({ expires_at: new Date(Date.now() + 60_000).toISOString() });
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    polls.set(poll.id, { ...poll, seq: 2, expires_at: new Date(Date.now() + 100).toISOString() });
    bus.publish({ ...votes(poll, 2, 0, 0, []) });
    await vi.waitFor(() => expect(viewer.messages.at(-1)).toMatchObject({ seq: 2, is_active: false }), WAIT);
  });

  it('ends the viewers of a deleted poll after its last update and forgets the poll', async () => {
    startHub();
    const poll = addPoll();
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    bus.publish({ ...votes(poll, 2, 0, 0, []), is_active: false, deleted: true });
    await vi.waitFor(() => expect(viewer.ended).toBe(true), WAIT);
    expect(viewer.messages.at(-1)).toMatchObject({ type: 'poll_updated', deleted: true, is_active: false });
    expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
  });

  it('refuses new viewers once closed', async () => {
    startHub();
    const poll = addPoll();
    const watch = hub.watch(poll.id, new RecordingChannel());
    hub.close();
    await expect(watch.ready).rejects.toBeInstanceOf(AppError);
    expect(hub.stats()).toEqual({ viewers: 0, polls: 0, busSubscriptions: 0, timers: 0 });
  });
});
