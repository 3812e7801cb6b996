import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../../src/api/api-env';
import { createApiApp } from '../../src/api/app';
import { client, freshStore, startInstance, type Store, type TestServer } from '../support/harness';

/**
 * Our server answers `POST /api/polls/{id}/vote` on its own (src/api/direct-vote.ts); the Hono route
 * answers it where the API is mounted in Next. The same requests, each path with its own voter,
 * must get the same status, body and headers, refusals included.
 */

type Answer = { status: number; body: unknown; headers: Record<string, string | null> };
const HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'retry-after'];

describe('the vote answered by our server and by the Hono route alike', () => {
  let store: Store;
  let server: TestServer;
  let honoFetch: (request: Request, env: ApiEnv['Bindings']) => Promise<Response>;
  let poll: { id: string; options: { id: string }[] };
  let closed: { id: string; options: { id: string }[] };

  beforeAll(async () => {
    store = await freshStore('embedded');
    server = await startInstance(store, { RATE_LIMIT_VOTES_PER_MINUTE: '3' });
    const app = createApiApp(server.pollcast);
    honoFetch = async (request, env) => app.fetch(request, env);
    const api = client(server.url);
    const make = async (extra: Record<string, unknown> = {}) =>
      (
        await api('POST', '/api/polls', {
          json: { title: 'Vote paths', options: ['a', 'b', 'c'], max_choices: 2, ...extra },
          ip: '10.70.0.1',
        })
      ).body as { id: string; options: { id: string }[]; admin_token: string };
    poll = await make();
    const toClose = await make();
    await api('PATCH', `/api/polls/${toClose.id}`, {
      json: { is_active: false },
      headers: { authorization: `Bearer ${toClose.admin_token}` },
    });
    closed = toClose;
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  /** One request through both paths, as two voters that differ only in their address. */
  async function both(
    path: string,
    init: { body?: string; contentType?: string | null },
    voterIndex: number,
  ): Promise<[Answer, Answer]> {
    const headers: Record<string, string> = {};
    if (init.contentType !== null) headers['content-type'] = init.contentType ?? 'application/json';
    const answer = async (response: Response): Promise<Answer> => {
      const text = await response.text();
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      // Each path's vote moves the counts, so they are compared by shape: both answer every option.
      if (body?.new_counts) {
        const counts = body.new_counts as { options: { id: string; count: number | null }[] };
        body.new_counts = counts.options.map((option) => [option.id, typeof option.count]);
      }
      return {
        status: response.status,
        body,
        headers: Object.fromEntries(HEADERS.map((name) => [name, response.headers.get(name)])),
      };
    };
    const direct = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'x-forwarded-for': `10.71.0.${voterIndex}` },
      body: init.body,
    });
    const hono = await honoFetch(
      new Request(`http://pollcast.test${path}`, { method: 'POST', headers, body: init.body }),
      {
        voter: { address: `10.72.0.${voterIndex}`, browser: randomUUID() },
      },
    );
    return [await answer(direct), await answer(hono)];
  }

  const ballot = (...indexes: number[]) => JSON.stringify({ option_ids: indexes.map((i) => poll.options[i]!.id) });

  it('counts, repeats and refuses a changed ballot alike', async () => {
    const steps = [ballot(0, 1), ballot(1, 0), ballot(2)];
    const answers = [];
    for (const body of steps) answers.push(await both(`/api/polls/${poll.id}/vote`, { body }, 1));
    for (const [direct, hono] of answers) expect(direct).toEqual(hono);
    expect(answers.map(([direct]) => direct.status)).toEqual([200, 200, 409]);
    expect(answers.map(([direct]) => (direct.body as { counted?: boolean }).counted)).toEqual([true, false, undefined]);
    expect(answers[0]![0].headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });

  it('refuses every bad request with the same code and message', async () => {
    const unknownPoll = `/api/polls/${randomUUID()}/vote`;
    const cases: [string, { body?: string; contentType?: string | null }, number][] = [
      [unknownPoll, { body: ballot(0) }, 404],
      [`/api/polls/${poll.id}/vote`, { body: ballot(0), contentType: 'text/plain' }, 415],
      [`/api/polls/${poll.id}/vote`, { body: ballot(0), contentType: null }, 415],
      [`/api/polls/${poll.id}/vote`, { body: '{"option_ids": [' }, 400],
      [`/api/polls/${poll.id}/vote`, { body: JSON.stringify({ option_ids: ['x'] }) }, 400],
      [`/api/polls/${poll.id}/vote`, { body: JSON.stringify({ option_ids: [randomUUID()] }) }, 400],
      [`/api/polls/${poll.id}/vote`, { body: ballot(0, 1, 2) }, 400],
      [`/api/polls/${poll.id}/vote`, { body: 'x'.repeat(20_000) }, 413],
      [`/api/polls/${closed.id}/vote`, { body: JSON.stringify({ option_ids: [closed.options[0]!.id] }) }, 403],
    ];
    let voterIndex = 10;
    for (const [path, init, status] of cases) {
      const [direct, hono] = await both(path, init, voterIndex++);
      expect(direct).toEqual(hono);
      expect(direct.status, `${path} ${init.body?.slice(0, 40)}`).toBe(status);
      expect((direct.body as { error?: { code?: string } }).error?.code).toBeTypeOf('string');
    }
  });

  it('answers a ranked ballot alike on both paths, with the count as the poll reads', async () => {
    const api = client(server.url);
    const ranked = (
      await api('POST', '/api/polls', {
        json: { kind: 'ranked', title: 'Doors', options: ['a', 'b', 'c'] },
        ip: '10.70.0.2',
      })
    ).body as { id: string; options: { id: string }[] };
    const body = JSON.stringify({ ranking: [ranked.options[2]!.id, ranked.options[0]!.id] });
    const path = `/api/polls/${ranked.id}/vote`;
    const [direct, hono] = await both(path, { body }, 60);
    const [again] = await both(path, { body }, 60);
    const read = await api('GET', `/api/polls/${ranked.id}`);
    expect(read.body.poll.total_votes).toBe(2);
    // Each path's vote moved the count: the direct answer is after one ballot, Hono's after two.
    expect(Object.keys(direct.body as object)).toEqual(Object.keys(hono.body as object));
    expect((hono.body as { results: unknown }).results).toEqual(read.body.results);
    expect(again.body as { counted: boolean; results: unknown }).toMatchObject({
      counted: false,
      results: read.body.results,
    });
    expect(
      (direct.body as { results: { rounds: { tally: Record<string, number> }[] } }).results.rounds[0]!.tally,
    ).toEqual({
      [ranked.options[0]!.id]: 0,
      [ranked.options[1]!.id]: 0,
      [ranked.options[2]!.id]: 1,
    });
  });

  it('answers a text ballot and its refusals alike on both paths', async () => {
    const api = client(server.url);
    const text = (
      await api('POST', '/api/polls', { json: { kind: 'text', title: 'Doors', max_choices: 2 }, ip: '10.70.0.3' })
    ).body as { id: string };
    const path = `/api/polls/${text.id}/vote`;
    const cases: [unknown, number][] = [
      [{ answers: ['Blue', 'green'] }, 200],
      [{ answers: ['GREEN', 'blue!'] }, 200],
      [{ answers: ['Red'] }, 409],
      [{ answers: ['x\u202ey'] }, 400],
      [{ option_ids: [randomUUID()] }, 400],
    ];
    for (const [json, status] of cases) {
      const [direct, hono] = await both(path, { body: JSON.stringify(json) }, 70);
      expect(direct.status, JSON.stringify(json)).toBe(status);
      // Each path's vote moved the results: compared by shape where they are in the answer.
      if (status === 200) expect(Object.keys(direct.body as object)).toEqual(Object.keys(hono.body as object));
      else expect(direct).toEqual(hono);
    }
    const read = await api('GET', `/api/polls/${text.id}`);
    expect(read.body.results).toEqual({
      answers: [
        { text: 'Blue', count: 2 },
        { text: 'green', count: 2 },
      ],
      distinct: 2,
    });
  });

  it('tells a voter over the limit how long to wait, through either path', async () => {
    const answers: [Answer, Answer][] = [];
    for (let i = 0; i < 4; i++) answers.push(await both(`/api/polls/${poll.id}/vote`, { body: ballot(0) }, 50));
    for (const [direct, hono] of answers) expect(direct).toEqual(hono);
    const [direct] = answers[3]!;
    expect(direct.status).toBe(429);
    expect(Number(direct.headers['retry-after'])).toBeGreaterThan(0);
  });
});
