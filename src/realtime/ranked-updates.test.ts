import { describe, expect, it, vi } from 'vitest';
import { WAIT } from '../../tests/support/harness';
import { RecordingChannel, viewerHubFixture } from '../../tests/support/viewer-hub';
import { instantRunoff } from '../kinds/ranked/tally';
import type { ViewerHub } from './viewer-hub';

/** A ranked poll's count in live messages: with every update, and null wherever counts are hidden. */
describe('ranked polls in live messages', () => {
  const fixture = viewerHubFixture();
  const { bus, addPoll, votes, rankedResults } = fixture;
  let hub: ViewerHub;
  const count = (a: number, b: number) =>
    instantRunoff(
      ['a', 'b'],
      [
        { ranking: ['a', 'b'], count: a },
        { ranking: ['b', 'a'], count: b },
      ],
      'seed',
    );

  it('sends the count with the first state and with every vote, never as vote_submitted', async () => {
    hub = fixture.startHub();
    const poll = addPoll({ kind: 'ranked', max_choices: 2 });
    rankedResults.set(poll.id, count(0, 0));
    const viewer = new RecordingChannel();
    await hub.watch(poll.id, viewer).ready;
    expect(viewer.messages[0]).toMatchObject({ type: 'poll_updated', results: count(0, 0) });

    bus.publish({ ...votes(poll, 2, 1, 0, ['a']), results: count(1, 0) });
    await vi.waitFor(() => expect(viewer.messages).toHaveLength(2), WAIT);
    expect(viewer.messages[1]).toMatchObject({ type: 'poll_updated', seq: 2, results: count(1, 0) });
    expect(count(1, 0).winner).toBe('a');
  });

  it('sends null instead of the count to whoever may not see the counts, and the count to the creator', async () => {
    hub = fixture.startHub();
    const poll = addPoll({ kind: 'ranked', max_choices: 2, results_visibility: 'after_close' });
    rankedResults.set(poll.id, count(2, 1));
    const voter = new RecordingChannel();
    const creator = new RecordingChannel();
    await hub.watch(poll.id, voter).ready;
    await hub.watch(poll.id, creator, undefined, { admin: true }).ready;
    expect(voter.messages[0]).toMatchObject({ results_visible: false, results: null });
    expect(creator.messages[0]).toMatchObject({ results_visible: true, results: count(2, 1) });

    bus.publish({ ...votes(poll, 2, 3, 1, ['a']), results: count(3, 1) });
    await vi.waitFor(() => expect(voter.messages).toHaveLength(2), WAIT);
    await vi.waitFor(() => expect(creator.messages).toHaveLength(2), WAIT);
    expect(voter.messages[1]).toMatchObject({ seq: 2, results: null, options: [{ count: null }, { count: null }] });
    expect(creator.messages[1]).toMatchObject({ seq: 2, results: count(3, 1) });
    expect(JSON.stringify(voter.messages)).not.toContain('"winner"');
  });
});
