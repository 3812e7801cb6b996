import { describe, expect, it, vi } from 'vitest';
import { WAIT } from '../../tests/support/harness';
import { RecordingChannel, viewerHubFixture } from '../../tests/support/viewer-hub';
import type { PollUpdate } from '../adapters/poll-bus/poll-bus';
import type { PollWithOptions } from '../domain/polls';
import type { Voter } from '../domain/voter';
import type { LiveMessage } from './live-messages';
import type { ViewerHub } from './viewer-hub';

/** Who sees a poll's counts, through the hub: the admin, strangers, and voters once their ballot is in. */

describe('ViewerHub', () => {
  const fixture = viewerHubFixture();
  const { bus, ballots, addPoll, votes } = fixture;
  let hub: ViewerHub;
  const startHub = (options?: Parameters<typeof fixture.startHub>[0]) => (hub = fixture.startHub(options));

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
      const before = fixture.counts.ballotLookups;
      const crowd = Array.from({ length: 20 }, () => new RecordingChannel());
      await Promise.all(
        crowd.map(
          (channel, i) => hub.watch(poll.id, channel, undefined, { admin: false, voter: voter(`10.0.1.${i}`) }).ready,
        ),
      );
      expect(fixture.counts.ballotLookups - before).toBe(1);
      expect(crowd.map((channel) => counted(last(channel)))).toEqual(
        crowd.map((_, i) => (i === 3 ? [0, 0] : [null, null])),
      );
      expect(crowd.every((channel) => channel.messages.length === 1)).toBe(true);
    });
  });
});
