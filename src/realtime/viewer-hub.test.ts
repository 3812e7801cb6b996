import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WAIT } from '../../tests/support/harness';
import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import { MemoryPollBus } from '../adapters/poll-bus/poll-bus.memory';
import { AppError, pollNotFound } from '../domain/errors';
import type { PollWithOptions } from '../domain/polls';
import type { Voter } from '../domain/voter';
import { createLogger } from '../logger';
import type { LiveFrame } from './live-frames';
import type { LiveMessage } from './live-messages';
import type { ViewerChannel } from './viewer-channel';
import { LocalViewerCounts } from '../adapters/viewer-counts/viewer-counts.memory';
import { ViewerHub } from './viewer-hub';

/**
 * The hub's delivery rules with a real in-process bus. Polls come from a small in-memory table
 * standing in for PollService.load; the protocol suites run the same hub on real databases.
 */

class RecordingChannel implements ViewerChannel {
  messages: LiveMessage[] = [];
  /** The frames themselves, to tell whether viewers shared one encoding. */
  frames: LiveFrame[] = [];
  keepAlives = 0;
  ended = false;
  congested = false;
  private drained = new Set<() => void>();

  send(frame: LiveFrame): void {
    this.frames.push(frame);
    this.messages.push(JSON.parse(frame.ws.toString()));
  }
  onceDrained(listener: () => void): () => void {
    this.drained.add(listener);
    return () => this.drained.delete(listener);
  }
  keepAlive(): void {
    this.keepAlives++;
  }
  end(): void {
    this.ended = true;
  }
  drain(): void {
    this.congested = false;
    const listeners = [...this.drained];
    this.drained.clear();
    for (const listener of listeners) listener();
  }
  get waitingForDrain(): number {
    return this.drained.size;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ViewerHub', () => {
  const polls = new Map<string, PollWithOptions>();
  const bus = new MemoryPollBus();
  let reads = 0;
  /** Ballots in the fake database, as `pollId|address`, and how often the hub asked about them. */
  const ballots = new Set<string>();
  let ballotLookups = 0;
  let hub: ViewerHub;
  const startHub = (options: { updatesPerSecond?: number; keepAliveMs?: number } = {}) =>
    (hub = new ViewerHub({
      bus,
      polls: {
        load: async (id: string) => {
          reads++;
          const poll = polls.get(id);
          if (!poll) throw pollNotFound();
          return structuredClone(poll);
        },
        votersWithBallots: async (pollId: string, _identity: string, voters: readonly Voter[]) => {
          ballotLookups++;
          return voters.map((voter) => ballots.has(`${pollId}|${voter.address}`));
        },
      },
      updatesPerSecond: options.updatesPerSecond ?? 1000,
      viewerCounts: new LocalViewerCounts(),
      keepAliveMs: options.keepAliveMs,
      log: createLogger('silent'),
    }));

  afterEach(() => {
    hub?.close();
    expect(bus.activePolls).toBe(0);
  });

  const addPoll = (overrides: Partial<PollWithOptions> = {}): PollWithOptions => {
    const poll: PollWithOptions = {
      id: crypto.randomUUID(),
      title: 'Lunch?',
      description: null,
      kind: 'choice',
      category: null,
      voter_identity: 'address',
      max_choices: 1,
      results_visibility: 'always',
      code: 'ABC234',
      listed: false,
      created_at: new Date().toISOString(),
      expires_at: null,
      is_active: true,
      total_votes: 0,
      seq: 1,
      revision: 0,
      options: [
        { id: 'a', option_text: 'Pizza', vote_count: 0 },
        { id: 'b', option_text: 'Sushi', vote_count: 0 },
      ],
      ...overrides,
    };
    polls.set(poll.id, poll);
    return poll;
  };
  const votes = (poll: PollWithOptions, seq: number, a: number, b: number, voted: string[] = ['a']): PollUpdate => ({
    poll_id: poll.id,
    seq,
    revision: 0,
    total_votes: a + b,
    options: [
      { id: 'a', count: a },
      { id: 'b', count: b },
    ],
    is_active: true,
    results_visibility: polls.get(poll.id)?.results_visibility ?? 'always',
    voted_option_ids: voted,
  });

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
    const before = reads;
    const viewers = Array.from({ length: 100 }, () => new RecordingChannel());
    await Promise.all(viewers.map((viewer) => hub.watch(poll.id, viewer).ready));
    expect(reads - before).toBe(1);
    bus.publish(votes(poll, 2, 1, 0));
    const late = new RecordingChannel();
    await hub.watch(poll.id, late).ready;
    expect(late.messages).toEqual([expect.objectContaining({ type: 'poll_updated', seq: 2, total_votes: 1 })]);
    expect(reads - before).toBe(1);
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

  describe('a poll that hides its results', () => {
    const voter = (address: string): Voter => ({ address, browser: `b-${address}` });
    const counted = (message: LiveMessage | undefined) =>
      message?.type === 'poll_updated' ? message.options.map((option) => option.count) : message;
    const last = (channel: RecordingChannel) => channel.messages.at(-1);
    const change = (poll: PollWithOptions, seq: number, fields: Partial<PollUpdate>): PollUpdate => ({
      ...votes(poll, seq, 2, 1, []),
      ...fields,
    });

    it('sends strangers the total without counts and the admin the counts, one frame per audience', async () => {
      startHub();
      const poll = addPoll({
        results_visibility: 'creator',
        total_votes: 3,
        options: [
          { id: 'a', option_text: 'Pizza', vote_count: 2 },
          { id: 'b', option_text: 'Sushi', vote_count: 1 },
        ],
      });
      const strangers = [new RecordingChannel(), new RecordingChannel()];
      const admin = new RecordingChannel();
      await hub.watch(poll.id, strangers[0]!, undefined, { admin: false, voter: voter('10.0.0.1') }).ready;
      await hub.watch(poll.id, strangers[1]!).ready;
      await hub.watch(poll.id, admin, undefined, { admin: true, voter: voter('10.0.0.2') }).ready;
      for (const stranger of strangers) {
        expect(last(stranger)).toMatchObject({ total_votes: 3, results_visible: false, results_visibility: 'creator' });
        expect(counted(last(stranger))).toEqual([null, null]);
      }
      expect(counted(last(admin))).toEqual([2, 1]);

      bus.publish({ ...votes(poll, 2, 3, 1), results_visibility: 'creator' });
      await vi.waitFor(() => expect(admin.messages).toHaveLength(2), WAIT);
      await vi.waitFor(() => expect(strangers[1]!.messages).toHaveLength(2), WAIT);
      expect(admin.messages[1]).toMatchObject({ type: 'vote_submitted', new_count: 3, total_votes: 4 });
      // No vote_submitted for them: it would name the option and its count.
      expect(strangers[1]!.messages[1]).toMatchObject({ type: 'poll_updated', total_votes: 4 });
      expect(counted(strangers[1]!.messages[1])).toEqual([null, null]);
      expect(strangers[0]!.frames[1]).toBe(strangers[1]!.frames[1]);
    });

    it('shows the counts on the same connection once the creator reveals them, and hides them again', async () => {
      startHub();
      const poll = addPoll({ results_visibility: 'creator' });
      const viewer = new RecordingChannel();
      await hub.watch(poll.id, viewer).ready;
      bus.publish(change(poll, 2, { results_visibility: 'always' }));
      await vi.waitFor(() => expect(counted(last(viewer))).toEqual([2, 1]), WAIT);
      bus.publish(change(poll, 3, { results_visibility: 'after_close' }));
      await vi.waitFor(() => expect(counted(last(viewer))).toEqual([null, null]), WAIT);
      // Closing shows them to everyone.
      bus.publish(change(poll, 4, { results_visibility: 'after_close', is_active: false }));
      await vi.waitFor(() => expect(counted(last(viewer))).toEqual([2, 1]), WAIT);
    });

    it('does not show the counts in the last message of a deleted poll that hid them while open', async () => {
      startHub();
      const poll = addPoll({ results_visibility: 'after_close' });
      const viewer = new RecordingChannel();
      await hub.watch(poll.id, viewer).ready;
      bus.publish(change(poll, 2, { results_visibility: 'after_close', is_active: false, deleted: true }));
      await vi.waitFor(() => expect(viewer.ended).toBe(true), WAIT);
      expect(last(viewer)).toMatchObject({ deleted: true, results_visible: false });
      expect(counted(last(viewer))).toEqual([null, null]);
    });

    it('shows a viewer the counts once its own ballot is in, and nobody else', async () => {
      startHub();
      const poll = addPoll({ results_visibility: 'after_vote' });
      const me = new RecordingChannel();
      const other = new RecordingChannel();
      await hub.watch(poll.id, me, undefined, { admin: false, voter: voter('10.0.0.7') }).ready;
      await hub.watch(poll.id, other, undefined, { admin: false, voter: voter('10.0.0.8') }).ready;
      expect(counted(last(me))).toEqual([null, null]);
      bus.publish({ ...votes(poll, 2, 1, 0), results_visibility: 'after_vote', voter_keys: ['10.0.0.7'] });
      await vi.waitFor(() => expect(counted(last(me))).toEqual([1, 0]), WAIT);
      await vi.waitFor(() => expect(last(other)).toMatchObject({ seq: 2, total_votes: 1 }), WAIT);
      expect(counted(last(other))).toEqual([null, null]);
      // From then on it follows the counts like anyone who may see them.
      bus.publish({ ...votes(poll, 3, 1, 1, ['b']), results_visibility: 'after_vote', voter_keys: ['10.0.0.8'] });
      await vi.waitFor(
        () => expect(last(me)).toMatchObject({ type: 'vote_submitted', option_id: 'b', new_count: 1 }),
        WAIT,
      );
      await vi.waitFor(() => expect(counted(last(other))).toEqual([1, 1]), WAIT);
    });

    it('looks up the ballots of a crowd arriving together in one lookup, and knows who voted before watching', async () => {
      startHub();
      const poll = addPoll({ results_visibility: 'after_vote' });
      ballots.add(`${poll.id}|10.0.1.3`);
      const before = ballotLookups;
      const crowd = Array.from({ length: 20 }, () => new RecordingChannel());
      await Promise.all(
        crowd.map(
          (channel, i) => hub.watch(poll.id, channel, undefined, { admin: false, voter: voter(`10.0.1.${i}`) }).ready,
        ),
      );
      expect(ballotLookups - before).toBe(1);
      expect(crowd.map((channel) => counted(last(channel)))).toEqual(
        crowd.map((_, i) => (i === 3 ? [0, 0] : [null, null])),
      );
      expect(crowd.every((channel) => channel.messages.length === 1)).toBe(true);
    });
  });

  describe('watching now', () => {
    const last = (channel: RecordingChannel) => channel.messages.at(-1) as LiveMessage;
    /** Each frame's `viewers`, with when it arrived, for a channel. */
    const timedCounts = (channel: RecordingChannel, since: number) => {
      const counts: { viewers: number; at: number }[] = [];
      const send = channel.send.bind(channel);
      channel.send = (frame) => {
        send(frame);
        counts.push({ viewers: (frame.message as { viewers: number }).viewers, at: Date.now() - since });
      };
      return counts;
    };

    it('counts the viewers of a poll in its frames, once a second, with one frame for all of them', async () => {
      startHub();
      const poll = addPoll();
      const first = new RecordingChannel();
      await hub.watch(poll.id, first).ready;
      expect(first.messages).toEqual([expect.objectContaining({ type: 'poll_updated', viewers: 1 })]);

      const others = Array.from({ length: 4 }, () => new RecordingChannel());
      const watches = others.map((channel) => hub.watch(poll.id, channel));
      await Promise.all(watches.map((watch) => watch.ready));
      const everyone = [first, ...others];
      await vi.waitFor(() => expect(everyone.map((channel) => last(channel).viewers)).toEqual([5, 5, 5, 5, 5]), WAIT);
      // The news of the count is the same state again: no new seq, and one encoding for every viewer.
      expect(last(first)).toMatchObject({ type: 'poll_updated', seq: 1, total_votes: 0 });
      expect(new Set(everyone.map((channel) => channel.frames.at(-1))).size).toBe(1);

      // A vote carries the count too, and leaving is counted at the next tick.
      bus.publish(votes(poll, 2, 1, 0));
      await vi.waitFor(() => expect(last(first)).toMatchObject({ type: 'vote_submitted', seq: 2, viewers: 5 }), WAIT);
      for (const watch of watches.slice(0, 3)) watch.leave();
      await vi.waitFor(() => expect(last(first)).toMatchObject({ type: 'poll_updated', seq: 2, viewers: 2 }), WAIT);
      expect(last(others[3]!)).toMatchObject({ viewers: 2 });
      expect(others[0]!.messages.at(-1)).toMatchObject({ viewers: 5 });
    });

    it('changes the count at most once a second however fast viewers come and go', async () => {
      startHub();
      const poll = addPoll();
      const watcher = new RecordingChannel();
      const started = Date.now();
      const counts = timedCounts(watcher, started);
      await hub.watch(poll.id, watcher).ready;
      const watches = [];
      for (let i = 1; Date.now() - started < 3_200; i++) {
        watches.push(hub.watch(poll.id, new RecordingChannel()));
        if (i % 3 === 0) watches.shift()?.leave();
        await sleep(50);
      }
      await vi.waitFor(() => expect(last(watcher).viewers).toBe(watches.length + 1), WAIT);
      const changes = counts.filter((count, i) => i === 0 || count.viewers !== counts[i - 1]!.viewers);
      expect(changes.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < changes.length; i++) {
        expect(changes[i]!.at - changes[i - 1]!.at).toBeGreaterThanOrEqual(950);
      }
      // Nothing but the count changed: each frame after the snapshot is a change of count.
      expect(counts).toHaveLength(changes.length);
    });

    it('sends a change of count at the poll’s next slot, never between two, and in the same frames as votes', async () => {
      startHub({ updatesPerSecond: 2 });
      // The hub counts all its polls on one clock; this poll's slots fall between its ticks.
      await hub.watch(addPoll().id, new RecordingChannel()).ready;
      await sleep(300);
      const poll = addPoll();
      const watcher = new RecordingChannel();
      const started = Date.now();
      const sent = timedCounts(watcher, started);
      await hub.watch(poll.id, watcher).ready;
      let seq = 1;
      while (Date.now() - started < 2_600) {
        seq++;
        bus.publish(votes(poll, seq, seq - 1, 0));
        hub.watch(poll.id, new RecordingChannel());
        await sleep(20);
      }
      await vi.waitFor(() => expect(last(watcher)).toMatchObject({ seq, viewers: hub.stats().viewers - 1 }), WAIT);
      expect(new Set(sent.map((frame) => frame.viewers)).size).toBeGreaterThanOrEqual(3);
      // After the snapshot, one frame per 500 ms slot at most, whatever changed.
      for (let i = 2; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(490);
    });
  });
});
