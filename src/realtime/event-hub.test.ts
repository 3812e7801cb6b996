import { describe, expect, it } from 'vitest';
import { MemoryEventBus } from '../adapters/event-bus/event-bus.memory';
import type { EventQuestion, EventState } from '../domain/events';
import { createLogger } from '../logger';
import { EventHub } from './event-hub';
import type { LiveFrame } from './live-frames';
import type { ViewerChannel } from './viewer-channel';

/** What each follower's connection got, and when the hub started or stopped each question's watch, in one log. */
function setUp(followers: number) {
  const log: string[] = [];
  const bus = new MemoryEventBus();
  const question = (id: string) => ({ id }) as EventQuestion;
  const state = (seq: number, current: number | null): EventState => ({
    event_id: 'e1',
    seq,
    current,
    ended: false,
    question_count: 2,
    question: current === null ? null : question(`q${current}`),
  });
  const hub = {
    watch: (pollId: string) => {
      log.push(`watch ${pollId}`);
      return {
        ready: Promise.resolve(),
        refresh: async () => undefined,
        leave: () => log.push(`leave ${pollId}`),
      };
    },
  };
  const events = { state: async () => state(1, 0) };
  const eventHub = new EventHub({ bus, events, hub, log: createLogger('error') });
  const channel = (name: string): ViewerChannel => ({
    send: (frame: LiveFrame) => {
      const message = frame.message as { type: string; current?: number | null };
      log.push(`${name} ${message.type} ${message.current}`);
    },
    congested: false,
    onceDrained: () => () => undefined,
    end: () => log.push(`${name} end`),
  });
  const follows = Array.from({ length: followers }, (_, i) => eventHub.follow('e1', channel(`f${i + 1}`)));
  return { log, bus, state, eventHub, follows };
}

describe('EventHub', () => {
  it('lands a new follower on the question shown, then watches it', async () => {
    const { log, follows, eventHub } = setUp(1);
    await follows[0]!.ready;
    expect(log).toEqual(['f1 event_updated 0', 'watch q0']);
    follows[0]!.leave();
    expect(log.at(-1)).toBe('leave q0');
    expect(eventHub.stats()).toEqual({ followers: 0, events: 0 });
  });

  it('tells every follower of a move before it watches the new question for any of them', async () => {
    const { log, bus, state, follows } = setUp(3);
    await Promise.all(follows.map((f) => f.ready));
    log.length = 0;
    bus.publish(state(2, 1));
    expect(log).toEqual([
      'f1 event_updated 1',
      'f2 event_updated 1',
      'f3 event_updated 1',
      'leave q0',
      'watch q1',
      'leave q0',
      'watch q1',
      'leave q0',
      'watch q1',
    ]);
  });

  it('ignores a state not newer than the one it has, and stops watching while waiting', async () => {
    const { log, bus, state, follows } = setUp(1);
    await follows[0]!.ready;
    log.length = 0;
    bus.publish(state(1, 1));
    expect(log).toEqual([]);
    bus.publish(state(3, null));
    expect(log).toEqual(['f1 event_updated null', 'leave q0']);
  });
});
