import crypto from 'node:crypto';
import { afterEach, expect } from 'vitest';
import type { PollUpdate } from '../../src/adapters/poll-bus/poll-bus';
import { MemoryPollBus } from '../../src/adapters/poll-bus/poll-bus.memory';
import { pollNotFound } from '../../src/domain/errors';
import type { PollWithOptions } from '../../src/domain/polls';
import type { Voter } from '../../src/domain/voter';
import type { PollResults } from '../../src/kinds/kind';
import { createLogger } from '../../src/logger';
import type { LiveFrame } from '../../src/realtime/live-frames';
import type { LiveMessage } from '../../src/realtime/live-messages';
import type { ViewerChannel } from '../../src/realtime/viewer-channel';
import { MemoryViewerCounts } from '../../src/adapters/viewer-counts/viewer-counts.memory';
import { ViewerHub } from '../../src/realtime/viewer-hub';

/**
 * A ViewerHub with a real in-process bus, for the hub's suites in src/realtime. Polls come from a
 * small in-memory table standing in for PollService.load; the protocol suites run the same hub on
 * real databases.
 */

/** A viewer's channel that keeps what it was sent, and is congested (or drains) when a test says. */
export class RecordingChannel implements ViewerChannel {
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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call inside a describe. `startHub` starts the hub a test uses; after each test it is closed and
 * the bus must have no listener left. `counts` says how often the hub read a poll or asked about ballots.
 */
export function viewerHubFixture() {
  const polls = new Map<string, PollWithOptions>();
  const bus = new MemoryPollBus();
  /** Ballots in the fake database, as `pollId|address`. */
  const ballots = new Set<string>();
  const counts = { reads: 0, ballotLookups: 0 };
  /** The count of each ranked poll, as PollService.resultsOf gives it; choice polls have none. */
  const rankedResults = new Map<string, PollResults>();
  let hub: ViewerHub | undefined;
  const startHub = (options: { updatesPerSecond?: number; keepAliveMs?: number } = {}): ViewerHub =>
    (hub = new ViewerHub({
      bus,
      polls: {
        load: async (id: string) => {
          counts.reads++;
          const poll = polls.get(id);
          if (!poll) throw pollNotFound();
          return structuredClone(poll);
        },
        resultsOf: async (poll: { id: string }) => structuredClone(rankedResults.get(poll.id)),
        votersWithBallots: async (pollId: string, _identity: string, voters: readonly Voter[]) => {
          counts.ballotLookups++;
          return voters.map((voter) => ballots.has(`${pollId}|${voter.address}`));
        },
      },
      updatesPerSecond: options.updatesPerSecond ?? 1000,
      viewerCounts: new MemoryViewerCounts(),
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
      filter_profanity: false,
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

  return { polls, bus, ballots, counts, rankedResults, startHub, addPoll, votes };
}
