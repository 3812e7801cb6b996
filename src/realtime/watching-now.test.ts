import { describe, expect, it, vi } from 'vitest';
import { WAIT } from '../../tests/support/harness';
import { RecordingChannel, sleep, viewerHubFixture } from '../../tests/support/viewer-hub';
import type { LiveMessage } from './live-messages';
import type { ViewerHub } from './viewer-hub';

/** "Watching now" (docs/REALTIME.md): how many watch a poll, as its frames carry it. */

describe('ViewerHub', () => {
  const fixture = viewerHubFixture();
  const { bus, addPoll, votes } = fixture;
  let hub: ViewerHub;
  const startHub = (options?: Parameters<typeof fixture.startHub>[0]) => (hub = fixture.startHub(options));

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
