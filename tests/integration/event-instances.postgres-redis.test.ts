import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REDIS_TEST_URL,
  client,
  freshStore,
  nextVoterIp,
  servicesAvailability,
  startInstance,
  type Store,
  type TestServer,
} from '../support/harness';
import { openSocketViewer, openSseStream } from '../support/live-viewers';

/**
 * An event's move crosses instances over Redis (docs/REALTIME.md, "Events"): the presenter on one
 * instance, followers on another. Two instances on one database and one Redis key prefix of
 * their own (freshStore), so nothing here touches another suite's keys.
 */

const services = await servicesAvailability({ redis: true });

describe.skipIf(!services.run)('an event followed on another instance (PostgreSQL and Redis)', () => {
  let store: Store;
  let a: TestServer;
  let b: TestServer;
  const redis = createClient({ url: REDIS_TEST_URL });

  beforeAll(async () => {
    store = await freshStore('services', { redisUrl: REDIS_TEST_URL });
    a = await startInstance(store);
    b = await startInstance(store);
    await redis.connect();
  });
  afterAll(async () => {
    await redis.quit();
    await b?.close();
    await a?.close();
    await store?.drop();
  });

  it('carries each move made on A to followers on B, with the new question’s results', async () => {
    const created = await client(a.url)('POST', '/api/events', {
      json: {
        title: 'Across',
        questions: [
          { title: 'First', options: ['x', 'y'] },
          { title: 'Second', options: ['p', 'q'] },
        ],
      },
      ip: nextVoterIp(),
    });
    expect(created.status).toBe(201);
    const { event, questions, admin_token } = created.body;
    const onB = await openSseStream(`${b.url}/api/events/${event.id}/stream`);
    const socketOnB = await openSocketViewer(b.url);
    try {
      socketOnB.send({ type: 'subscribe_event', event_id: event.id });
      await onB.waitFor((events) => events.some((e) => e.event === 'event_updated'), 'the state on B');
      await socketOnB.waitFor((messages) => messages.some((m) => m.type === 'event_updated'), 'the state on B (ws)');
      // Only then is the move B's news by Redis alone: B listens on the event's channel already.
      await expect
        .poll(
          async () => Object.values(await redis.pubSubNumSub(`${store.redis!.prefix}event:${event.id}:updates`))[0],
          {
            timeout: 10_000,
            interval: 20,
          },
        )
        .toBe(1);
      const move = (current: number) =>
        client(a.url)('PATCH', `/api/events/${event.id}`, {
          json: { current },
          headers: { authorization: `Bearer ${admin_token}` },
        });
      for (const [current, question] of [
        [0, questions[0]],
        [1, questions[1]],
      ] as const) {
        expect((await move(current)).status).toBe(200);
        await onB.waitFor(
          (events) =>
            events.some((e) => e.event === 'poll_updated' && JSON.parse(e.data).poll_id === question.id) &&
            events.some((e) => e.event === 'event_updated' && JSON.parse(e.data).current === current),
          `move ${current} on B (SSE)`,
        );
        await socketOnB.waitFor(
          (messages) => messages.some((m) => m.type === 'event_updated' && m.current === current),
          `move ${current} on B (WebSocket)`,
        );
      }
      const vote = await client(a.url)('POST', `/api/polls/${questions[1].id}/vote`, {
        json: { option_ids: [questions[1].options[0].id] },
        ip: nextVoterIp(),
      });
      expect(vote.status).toBe(200);
      await onB.waitFor(
        (events) => events.some((e) => e.data.includes(questions[1].id) && JSON.parse(e.data).total_votes === 1),
        'the vote on B',
      );
    } finally {
      onB.close();
      await socketOnB.close();
    }
  });
});
