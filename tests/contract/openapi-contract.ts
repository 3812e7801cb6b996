import http from 'node:http';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { sql } from 'drizzle-orm';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Method, OpenApiDocument, Operation, ResponseObject } from '../../src/api/openapi';
import {
  REDIS_TEST_URL,
  client,
  freshStore,
  nextVoterIp,
  startInstance,
  tcpRelay,
  type Mode,
  type Reply,
  type Store,
  type TestServer,
} from '../support/harness';
import { openSocketViewer, openSseStream, openSseViewer } from '../support/live-viewers';

/**
 * The OpenAPI document (GET /api/openapi.json) against real answers: every answer of every
 * route, successes and errors, must have its status listed for that route and a body its
 * schema accepts (ajv, JSON Schema 2020-12). At the end every listed status must have been
 * seen, but for the few that no test can provoke (named in NOT_PROVOKED).
 */

/** Statuses documented because the code can answer them, that a working server does not give a test. */
const NOT_PROVOKED = new Set([
  ...[
    'getHealth',
    'getOpenApi',
    'createPoll',
    'listPolls',
    'trendingPolls',
    'getPoll',
    'getPollByCode',
    'castVote',
    'updatePoll',
    'streamPoll',
    'deletePoll',
    'oembed',
    'exportPollCsv',
    'exportPollJson',
    'exportPollRctab',
    'createEvent',
    'getEvent',
    'getEventByCode',
    'updateEvent',
    'streamEvent',
    'exportEventJson',
    'exportEventCsv',
  ].map((operation) => `${operation} 500`),
  // Need a request whose client address is unknown, which our server never passes on.
  'getPoll 400',
  'getPollByCode 400',
  // Only while the server stops (SIGTERM): the one request that needs no database.
  'getOpenApi 503',
]);

/** Checks answers against the document and remembers which (operation, status) pairs it saw. */
class AnswerChecker {
  private readonly ajv = new Ajv2020({ strict: true, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; pattern: RegExp }[];
  readonly seen = new Set<string>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The document's own fields are not JSON Schema keywords; its schemas are reached by $ref.
    this.ajv.addVocabulary(['openapi', 'jsonSchemaDialect', 'info', 'servers', 'tags', 'paths', 'components']);
    this.ajv.addSchema(document, 'openapi.json');
    // Literal paths first, so /api/polls/trending is not read as /api/polls/{id}.
    this.routes = Object.keys(document.paths)
      .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
      .sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')));
  }

  /** Every (operation, status) the document lists. */
  documented(): string[] {
    return Object.values(this.document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        Object.keys(operation.responses).map((status) => `${operation.operationId} ${status}`),
      ),
    );
  }

  /** The document's words for this answer; fails when the route or the status is not in it. */
  private describe(method: Method, url: string, status: number) {
    const path = new URL(url, 'http://pollcast').pathname;
    const route = this.routes.find(({ pattern }) => pattern.test(path));
    const operation: Operation | undefined = route && this.document.paths[route.template]?.[method];
    expect(operation, `${method.toUpperCase()} ${path} is not in the document`).toBeDefined();
    const response: ResponseObject | undefined = operation!.responses[status];
    expect(response, `${operation!.operationId} answered ${status}, which the document does not list`).toBeDefined();
    this.seen.add(`${operation!.operationId} ${status}`);
    return {
      pointer: `openapi.json#/paths/${pointer(route!.template)}/${method}/responses/${status}`,
      response: response!,
    };
  }

  private validate(schemaPointer: string, value: unknown, what: string): void {
    let validator = this.validators.get(schemaPointer);
    if (!validator) {
      validator = this.ajv.compile({ $ref: schemaPointer });
      this.validators.set(schemaPointer, validator);
    }
    expect(validator(value), `${what}: ${this.ajv.errorsText(validator.errors)}\n${JSON.stringify(value)}`).toBe(true);
  }

  /** One answer: its status, its required headers, its content type and its body. */
  check(method: Method, url: string, reply: Reply): void {
    const { pointer: at, response } = this.describe(method, url, reply.status);
    const what = `${method.toUpperCase()} ${url} → ${reply.status}`;
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required) expect(reply.headers.get(name), `${what}: header ${name}`).not.toBeNull();
    }
    if (!response.content) {
      expect(reply.body ?? '', `${what} has a body the document does not describe`).toBe('');
      return;
    }
    const type = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim();
    expect(Object.keys(response.content), `${what}: content type`).toContain(type);
    if (type === 'application/json') this.validate(`${at}/content/${pointer(type)}/schema`, reply.body, what);
  }

  /** One event of an SSE stream answered 200: its data against the schema the stream documents. */
  checkEvent(url: string, data: string): void {
    const { pointer: at } = this.describe('get', url, 200);
    this.validate(`${at}/content/${pointer('text/event-stream')}/x-event-data`, JSON.parse(data), `event of ${url}`);
  }

  /** A message the WebSocket sent. */
  checkLiveMessage(message: unknown): void {
    this.validate('openapi.json#/components/schemas/LiveMessage', message, 'WebSocket message');
  }
}

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const headersOf = (raw: http.IncomingHttpHeaders): Headers => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  return headers;
};

/** A WebSocket handshake the server refuses: its status, headers and body. */
function refusedUpgrade(baseUrl: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws`, { headers });
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('error', reject);
    ws.once('unexpected-response', (request, response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        ws.on('error', () => {});
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: headersOf(response.headers),
          body: text && JSON.parse(text),
        });
      });
    });
  });
}

type CreatedPoll = { id: string; code: string; admin_token: string; options: { id: string }[] };

export function defineOpenApiContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let store: Store;
  let server: TestServer;
  let checker: AnswerChecker;

  /** A client whose every answer is checked against the document. */
  const checked = (baseUrl: string) => {
    const request = client(baseUrl);
    return async (method: Method, path: string, init: Parameters<typeof request>[2] = {}) => {
      const reply = await request(method.toUpperCase(), path, init);
      checker.check(method, path, reply);
      return reply;
    };
  };
  let api: ReturnType<typeof checked>;

  beforeAll(async () => {
    store = await freshStore(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {});
    server = await startInstance(store);
    const served = await client(server.url)('GET', '/api/openapi.json');
    checker = new AnswerChecker(served.body as OpenApiDocument);
    api = checked(server.url);
    checker.check('get', '/api/openapi.json', served);
  });
  afterAll(async () => {
    await server?.close();
    await store?.drop();
  });

  /** Another instance with its own settings; on PGlite it needs a data directory of its own. */
  const withInstance = async (env: Record<string, string>, test: (instance: TestServer) => Promise<void>) => {
    const own = mode === 'embedded' ? await freshStore(mode) : store;
    const instance = await startInstance(own, env);
    try {
      await test(instance);
    } finally {
      await instance.close().catch(() => undefined);
      if (own !== store) await own.drop();
    }
  };

  const createPoll = async (settings: Record<string, unknown> = {}, on = api): Promise<CreatedPoll> => {
    const reply = await on('post', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'], ...settings },
      ip: nextVoterIp(),
    });
    expect(reply.status).toBe(201);
    return reply.body as CreatedPoll;
  };
  const admin = (poll: CreatedPoll) => ({ authorization: `Bearer ${poll.admin_token}` });

  describe(`the OpenAPI document against real answers (${mode})`, () => {
    it('matches the answers of polls created, listed, read and trending', async () => {
      const poll = await createPoll({
        category: 'contract',
        description: 'Be honest',
        expires_at: '2999-01-01T00:00:00Z',
        listed: true,
      });
      await createPoll({ voter_identity: 'browser', max_choices: 2, results_visibility: 'after_vote', listed: true });
      const ballot = { json: { option_id: poll.options[0]!.id }, ip: nextVoterIp() };
      expect((await api('post', `/api/polls/${poll.id}/vote`, ballot)).status).toBe(200);
      expect((await api('get', '/api/health')).status).toBe(200);
      const first = await api('get', '/api/polls?limit=1');
      expect(first.body.pagination.next_cursor).toEqual(expect.any(String));
      const cursor = encodeURIComponent(first.body.pagination.next_cursor);
      expect((await api('get', `/api/polls?limit=1&cursor=${cursor}`)).status).toBe(200);
      expect((await api('get', '/api/polls?category=contract&page=1')).body.polls).toHaveLength(1);
      expect((await api('get', '/api/polls/trending?limit=5')).status).toBe(200);
      expect((await api('get', `/api/polls/${poll.id.toUpperCase()}`)).status).toBe(200);
      const typed = `${poll.code.slice(0, 3)}-${poll.code.slice(3)}`.toLowerCase();
      expect((await api('get', `/api/polls/by-code/${typed}`)).body.poll.id).toBe(poll.id);
    });

    it('matches hidden counts (null), the creator’s view and a changed poll', async () => {
      const poll = await createPoll({ results_visibility: 'creator', max_choices: 2 });
      const voter = nextVoterIp();
      const ballot = { option_ids: [poll.options[0]!.id, poll.options[2]!.id] };
      const voted = await api('post', `/api/polls/${poll.id}/vote`, { json: ballot, ip: voter });
      expect(voted.body.new_counts.options[0].count).toBeNull();
      expect((await api('post', `/api/polls/${poll.id}/vote`, { json: ballot, ip: voter })).body.counted).toBe(false);
      const stranger = await api('get', `/api/polls/${poll.id}`, { ip: nextVoterIp() });
      expect(stranger.body.options[0].vote_count).toBeNull();
      const creator = await api('get', `/api/polls/${poll.id}`, { headers: admin(poll) });
      expect(creator.body.options[0].vote_count).toBe(1);
      const closed = await api('patch', `/api/polls/${poll.id}`, {
        json: { is_active: false, results_visibility: 'after_close' },
        headers: admin(poll),
      });
      expect(closed.status).toBe(200);
      const reopened = await api('patch', `/api/polls/${poll.id}`, {
        json: { is_active: true, expires_at: null },
        headers: admin(poll),
      });
      expect(reopened.body.is_active).toBe(true);
    });

    it('matches an edited poll, and the refusal to edit once it has a ballot', async () => {
      const poll = await createPoll();
      const edited = await api('patch', `/api/polls/${poll.id}`, {
        json: { title: 'Dinner?', description: null, category: 'food', options: ['Pizza', 'Curry'] },
        headers: admin(poll),
      });
      expect(edited.status).toBe(200);
      const ballot = { json: { option_id: edited.body.options[0].id }, ip: nextVoterIp() };
      expect((await api('post', `/api/polls/${poll.id}/vote`, ballot)).status).toBe(200);
      const late = await api('patch', `/api/polls/${poll.id}`, { json: { title: 'Lunch?' }, headers: admin(poll) });
      expect([late.status, late.body.error.code]).toEqual([409, 'poll_has_votes']);
    });

    it('matches every error a vote can meet', async () => {
      const poll = await createPoll();
      const other = await createPoll();
      const voter = nextVoterIp();
      const vote = (body: unknown, ip = voter, on = poll.id) =>
        api('post', `/api/polls/${on}/vote`, { json: body, ip });
      expect((await vote({ option_id: poll.options[0]!.id })).status).toBe(200);
      const conflict = await vote({ option_id: poll.options[1]!.id });
      expect([conflict.status, conflict.body.error.details.option_ids]).toEqual([409, [poll.options[0]!.id]]);
      expect((await vote({ option_id: other.options[0]!.id }, nextVoterIp())).body.error.code).toBe('invalid_option');
      expect((await vote({ option_ids: [] }, nextVoterIp())).body.error.code).toBe('invalid_request');
      expect(
        (await vote({ option_id: poll.options[0]!.id }, nextVoterIp(), '00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      const tooBig = await api('post', `/api/polls/${poll.id}/vote`, {
        json: { option_id: poll.options[0]!.id, padding: 'x'.repeat(20_000) },
        ip: nextVoterIp(),
      });
      expect(tooBig.status).toBe(413);
      const form = await api('post', `/api/polls/${poll.id}/vote`, {
        body: `option_id=${poll.options[0]!.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        ip: nextVoterIp(),
      });
      expect(form.status).toBe(415);
      await api('patch', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: admin(poll) });
      expect((await vote({ option_id: poll.options[0]!.id }, nextVoterIp())).status).toBe(403);
    });

    it('matches the errors of creating, listing, reading, changing and deleting', async () => {
      const poll = await createPoll();
      const missing = '00000000-0000-4000-8000-000000000000';
      const owner = admin(poll);
      const wrong = { authorization: 'Bearer not-the-token' };
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const padding = 'x'.repeat(40_000);
      const cases: [Method, string, Parameters<typeof api>[2], number][] = [
        ['post', '/api/polls', { json: { title: 't', options: ['a'] } }, 400],
        ['post', '/api/polls', { body: '{"title":', headers: { 'content-type': 'application/json' } }, 400],
        ['post', '/api/polls', { json: { title: 't', options: ['a', 'b'], description: padding } }, 413],
        [
          'post',
          '/api/polls',
          { body: '{"title":"t","options":["a","b"]}', headers: { 'content-type': 'text/plain' } },
          415,
        ],
        ...['limit=0', 'page=1&cursor=abc', 'cursor=abc', 'page=51'].map(
          (query) => ['get', `/api/polls?${query}`, {}, 400] as [Method, string, object, number],
        ),
        ['get', '/api/polls/trending?limit=51', {}, 400],
        ['get', `/api/polls/${poll.id}`, { headers: wrong }, 401],
        ['get', `/api/polls/${missing}`, {}, 404],
        ['get', '/api/polls/not-a-uuid', {}, 404],
        ['get', `/api/polls/by-code/${poll.code}`, { headers: wrong }, 401],
        ['get', '/api/polls/by-code/0OIL00', {}, 404],
        ['patch', `/api/polls/${poll.id}`, { json: {}, headers: owner }, 400],
        ['patch', `/api/polls/${poll.id}`, { json: { is_active: false } }, 401],
        ['patch', `/api/polls/${missing}`, { json: { is_active: false }, headers: wrong }, 404],
        ['patch', `/api/polls/${poll.id}`, { json: { is_active: false, padding }, headers: owner }, 413],
        ['patch', `/api/polls/${poll.id}`, { body: 'is_active=false', headers: { ...owner, ...form } }, 415],
        ['delete', `/api/polls/${poll.id}`, { headers: wrong }, 401],
        ['delete', `/api/polls/${poll.id}`, { headers: owner }, 204],
        ['delete', `/api/polls/${poll.id}`, { headers: owner }, 404],
      ];
      for (const [method, path, init, status] of cases) {
        expect((await api(method, path, init)).status, `${method} ${path}`).toBe(status);
      }
    });

    it('matches the live stream: its events, and its refusals', async () => {
      const poll = await createPoll({ results_visibility: 'after_vote' });
      const path = `/api/polls/${poll.id}/stream`;
      for (const headers of [{}, admin(poll)]) {
        const viewer = await openSseViewer(server.url, poll.id, headers);
        try {
          checker.check('get', path, { status: viewer.status, headers: headersOf(viewer.headers), body: undefined });
          await viewer.waitFor((events) => events.length > 0, 'the snapshot');
          await api('post', `/api/polls/${poll.id}/vote`, {
            json: { option_id: poll.options[1]!.id },
            ip: nextVoterIp(),
          });
          await viewer.waitFor((events) => events.length > 1, 'an update');
          for (const event of viewer.events) checker.checkEvent(path, event.data);
        } finally {
          viewer.close();
        }
      }
      for (const [id, headers, status] of [
        [poll.id, { authorization: 'Bearer not-the-token' }, 401],
        ['00000000-0000-4000-8000-000000000000', {}, 404],
      ] as const) {
        const refused = await openSseViewer(server.url, id, headers);
        await refused.waitForEnd();
        const reply = { status: refused.status, headers: headersOf(refused.headers), body: JSON.parse(refused.body) };
        checker.check('get', `/api/polls/${id}/stream`, reply);
        expect(reply.status).toBe(status);
      }
    });

    it('matches the WebSocket handshake, its live messages, and its refusals', async () => {
      const poll = await createPoll();
      const viewer = await openSocketViewer(server.url, { headers: { 'x-forwarded-for': nextVoterIp() } });
      try {
        checker.check('get', '/api/ws', { status: 101, headers: new Headers(), body: undefined });
        viewer.send({ type: 'subscribe', poll_id: poll.id });
        await viewer.waitFor((messages) => messages.length > 0, 'the snapshot');
        checker.checkLiveMessage(viewer.messages[0]);
      } finally {
        await viewer.close();
      }
      const foreign = await refusedUpgrade(server.url, { origin: 'https://elsewhere.example' });
      checker.check('get', '/api/ws', foreign);
      expect(foreign.status).toBe(403);
      expect((await api('get', '/api/ws')).status).toBe(404);
    });

    it('matches the answers of events, their live stream, their exports and their refusals', async () => {
      const question = { title: 'Lunch?', options: ['Pizza', 'Sushi'] };
      const created = await api('post', '/api/events', {
        json: { title: 'Talk', questions: [question, { kind: 'text', title: 'Words?' }] },
        ip: nextVoterIp(),
      });
      expect(created.status).toBe(201);
      const { event, questions, admin_token } = created.body;
      const owner = { authorization: `Bearer ${admin_token}` };
      const wrong = { authorization: 'Bearer not-the-token' };
      const missing = '00000000-0000-4000-8000-000000000000';
      const padding = 'x'.repeat(400_000);
      expect(
        (
          await api('post', `/api/polls/${questions[0].id}/vote`, {
            json: { option_id: questions[0].options[0].id },
            ip: nextVoterIp(),
          })
        ).status,
      ).toBe(200);
      const path = `/api/events/${event.id}/stream`;
      const viewer = await openSseStream(`${server.url}${path}`);
      try {
        checker.check('get', path, { status: viewer.status, headers: headersOf(viewer.headers), body: undefined });
        await api('patch', `/api/events/${event.id}`, { json: { current: 0 }, headers: owner });
        await viewer.waitFor((events) => events.some((e) => e.event === 'poll_updated'), 'the question');
        for (const sent of viewer.events) checker.checkEvent(path, sent.data);
      } finally {
        viewer.close();
      }
      const cases: [Method, string, Parameters<typeof api>[2], number][] = [
        ['post', '/api/events', { json: { title: 't', questions: [] } }, 400],
        ['post', '/api/events', { json: { title: 't', questions: [question], padding } }, 413],
        ['post', '/api/events', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415],
        ['get', `/api/events/${event.id}`, {}, 200],
        ['get', `/api/events/${missing}`, {}, 404],
        ['get', `/api/events/by-code/${event.code}`, {}, 200],
        ['get', '/api/events/by-code/0OIL00', {}, 404],
        ['get', `/api/polls/by-code/${event.code}`, {}, 200],
        ['patch', `/api/events/${event.id}`, { json: { current: 1 }, headers: owner }, 200],
        ['patch', `/api/events/${event.id}`, { json: { current: 9 }, headers: owner }, 400],
        ['patch', `/api/events/${event.id}`, { json: { current: 0 }, headers: wrong }, 401],
        ['patch', `/api/events/${missing}`, { json: { current: 0 }, headers: owner }, 404],
        ['patch', `/api/events/${event.id}`, { json: { questions: [questions[1].id] }, headers: owner }, 409],
        ['patch', `/api/events/${event.id}`, { json: { current: 0, padding }, headers: owner }, 413],
        [
          'patch',
          `/api/events/${event.id}`,
          { body: 'current=0', headers: { ...owner, 'content-type': 'text/plain' } },
          415,
        ],
        ['get', `/api/events/${event.id}/export.json`, { headers: owner }, 200],
        ['get', `/api/events/${event.id}/export.csv`, { headers: owner }, 200],
        ['get', `/api/events/${event.id}/export.json`, { headers: wrong }, 401],
        ['get', `/api/events/${event.id}/export.csv`, {}, 401],
        ['get', `/api/events/${missing}/export.json`, { headers: owner }, 404],
        ['get', `/api/events/${missing}/export.csv`, { headers: owner }, 404],
        ['patch', `/api/events/${event.id}`, { json: { ended: true }, headers: owner }, 200],
      ];
      for (const [method, url, init, status] of cases) {
        expect((await api(method, url, init)).status, `${method} ${url}`).toBe(status);
      }
      for (const [id, headers, status] of [
        [event.id, wrong, 401],
        [missing, {}, 404],
      ] as const) {
        const refused = await openSseStream(`${server.url}/api/events/${id}/stream`, headers);
        await refused.waitForEnd();
        const reply = { status: refused.status, headers: headersOf(refused.headers), body: JSON.parse(refused.body) };
        checker.check('get', `/api/events/${id}/stream`, reply);
        expect(reply.status).toBe(status);
      }
    });

    it('matches the answers of rate limits and full live connections', async () => {
      const limits = {
        RATE_LIMIT_POLLS_PER_MINUTE: '1',
        RATE_LIMIT_VOTES_PER_MINUTE: '1',
        LIVE_CONNECTIONS_PER_ADDRESS: '1',
        LIVE_CONNECTIONS_MAX: '2',
        RATE_LIMIT_CODE_LOOKUPS_PER_MINUTE: '1',
      };
      await withInstance(limits, async (instance) => {
        const on = checked(instance.url);
        const creator = nextVoterIp();
        const newPoll = { json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] }, ip: creator };
        const poll = (await on('post', '/api/polls', newPoll)).body as CreatedPoll;
        expect((await on('post', '/api/polls', newPoll)).status).toBe(429);
        const newEvent = { json: { title: 'Talk', questions: [newPoll.json] }, ip: creator };
        expect((await on('post', '/api/events', newEvent)).status).toBe(429);
        const ballot = { json: { option_id: poll.options[0]!.id }, ip: nextVoterIp() };
        expect((await on('post', `/api/polls/${poll.id}/vote`, ballot)).status).toBe(200);
        expect((await on('post', `/api/polls/${poll.id}/vote`, ballot)).status).toBe(429);
        // One join code that finds no poll, and every lookup from that address waits.
        const guess = { ip: nextVoterIp() };
        expect((await on('get', '/api/polls/by-code/ZZZZZZ', guess)).status).toBe(404);
        expect((await on('get', `/api/polls/by-code/${poll.code}`, guess)).status).toBe(429);
        expect((await on('get', `/api/events/by-code/${poll.code}`, guess)).status).toBe(429);
        const joinLink = new URLSearchParams({ url: `${instance.url}/j/${poll.code}` });
        expect((await on('get', `/api/oembed?${joinLink}`, guess)).status).toBe(429);

        const path = `/api/polls/${poll.id}/stream`;
        const open: Awaited<ReturnType<typeof openSseViewer>>[] = [];
        const stream = async (ip: string) => {
          const viewer = await openSseViewer(instance.url, poll.id, { 'x-forwarded-for': ip });
          open.push(viewer);
          if (viewer.status !== 200) await viewer.waitForEnd();
          const body = viewer.status === 200 ? undefined : JSON.parse(viewer.body);
          checker.check('get', path, { status: viewer.status, headers: headersOf(viewer.headers), body });
          return viewer.status;
        };
        const socket = async (ip: string) => {
          const refused = await refusedUpgrade(instance.url, { 'x-forwarded-for': ip });
          checker.check('get', '/api/ws', refused);
          return refused.status;
        };
        try {
          const crowd = nextVoterIp();
          expect(await stream(crowd)).toBe(200);
          // One connection per address: the same address is refused over SSE and WebSocket alike.
          expect([await stream(crowd), await socket(crowd)]).toEqual([429, 429]);
          // An event's stream is a live connection like any other.
          const event = await on('post', '/api/events', { json: newEvent.json, ip: nextVoterIp() });
          const eventPath = `/api/events/${event.body.event.id}/stream`;
          const follow = async (ip: string) => {
            const follower = await openSseStream(`${instance.url}${eventPath}`, { 'x-forwarded-for': ip });
            open.push(follower);
            await follower.waitForEnd();
            const body = JSON.parse(follower.body);
            checker.check('get', eventPath, { status: follower.status, headers: headersOf(follower.headers), body });
            return follower.status;
          };
          expect(await follow(crowd)).toBe(429);
          // Two per server: the third is refused whoever asks.
          expect(await stream(nextVoterIp())).toBe(200);
          expect([await stream(nextVoterIp()), await socket(nextVoterIp())]).toEqual([503, 503]);
          expect(await follow(nextVoterIp())).toBe(503);
        } finally {
          for (const viewer of open) viewer.close();
        }
      });
    });

    it('matches the answers of oEmbed, and its refusals', async () => {
      const poll = await createPoll();
      const oembed = (query: Record<string, string>) => api('get', `/api/oembed?${new URLSearchParams(query)}`);
      const page = `${server.url}/polls/${poll.id}`;
      expect((await oembed({ url: page, format: 'json', maxwidth: '320' })).status).toBe(200);
      expect((await oembed({ url: page, maxheight: 'tall' })).status).toBe(400);
      expect((await oembed({ url: `https://elsewhere.example/polls/${poll.id}` })).status).toBe(404);
      expect((await oembed({ url: page, format: 'xml' })).status).toBe(501);
    });

    it('matches the answers of exports, and their refusals', async () => {
      const poll = await createPoll({ max_choices: 2 });
      const ballot = { option_ids: [poll.options[0]!.id, poll.options[2]!.id] };
      expect((await api('post', `/api/polls/${poll.id}/vote`, { json: ballot, ip: nextVoterIp() })).status).toBe(200);
      const exported = (file: string, headers: Record<string, string> = admin(poll), id = poll.id) =>
        api('get', `/api/polls/${id}/${file}`, { headers });
      for (const file of ['export.csv', 'export.csv?part=results', 'export.json']) {
        expect((await exported(file)).status).toBe(200);
      }
      expect((await exported('export.csv?part=everything')).status).toBe(400);
      for (const file of ['export.csv', 'export.json', 'export.rctab.json']) {
        expect((await exported(file, {})).status).toBe(401);
        expect((await exported(file, admin(poll), '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      }
      // The RCTab summary is a ranked poll's; a choice poll has none.
      expect((await exported('export.rctab.json')).status).toBe(400);
      const ranked = await createPoll({ kind: 'ranked' });
      const ranking = { ranking: [ranked.options[2]!.id, ranked.options[0]!.id] };
      expect((await api('post', `/api/polls/${ranked.id}/vote`, { json: ranking, ip: nextVoterIp() })).status).toBe(
        200,
      );
      for (const file of ['export.csv', 'export.json', 'export.rctab.json']) {
        expect((await exported(file, admin(ranked), ranked.id)).status).toBe(200);
      }
      // A pool of 4 runs one export at a time, and a download that is not read keeps its place.
      await withInstance({ DB_POOL_SIZE: '4' }, async (instance) => {
        const on = checked(instance.url);
        const options = Array.from({ length: 20 }, (_, i) => `${i} ${'x'.repeat(250)}`);
        const heavy = await createPoll({ options, max_choices: 20 }, on);
        const madeEvent = await on('post', '/api/events', {
          json: { title: 'Talk', questions: [{ title: 'Lunch?', options: ['a', 'b'] }] },
          ip: nextVoterIp(),
        });
        const { event } = madeEvent.body;
        const eventOwner = { authorization: `Bearer ${madeEvent.body.admin_token}` };
        // 3,000 ballots choosing every option: ~18 MB of JSON, more than the sockets in between hold.
        await instance.pollcast.database.rows(sql`
          with ballots as (
            insert into votes (poll_id, option_id, voter_ip)
            select ${heavy.id}::uuid, ${heavy.options[0]!.id}::uuid, '172.16.0.0'::inet + i
            from generate_series(1, 3000) i returning id)
          insert into vote_choices (vote_id, poll_id, option_id)
          select b.id, o.poll_id, o.id from ballots b cross join poll_options o where o.poll_id = ${heavy.id}::uuid`);
        const held = await new Promise<http.ClientRequest>((resolve, reject) => {
          const request = http.get(
            `${instance.url}/api/polls/${heavy.id}/export.json`,
            { headers: admin(heavy) },
            (reply) => {
              reply.pause();
              resolve(request);
            },
          );
          request.on('error', reject);
        });
        try {
          for (const file of ['export.csv', 'export.json']) {
            expect((await on('get', `/api/polls/${heavy.id}/${file}`, { headers: admin(heavy) })).status).toBe(429);
            expect((await on('get', `/api/events/${event.id}/${file}`, { headers: eventOwner })).status).toBe(429);
          }
        } finally {
          held.destroy();
        }
      });
    });

    it('matches the answers of a server whose database is down', async () => {
      const relay = mode === 'services' ? await tcpRelay(5432) : undefined;
      const env: Record<string, string> = {};
      if (relay && store.url) {
        const url = new URL(store.url);
        url.port = String(relay.port);
        env.DATABASE_URL = url.toString();
      }
      await withInstance(env, async (instance) => {
        const on = checked(instance.url);
        const poll = await createPoll({}, on);
        const madeEvent = await on('post', '/api/events', {
          json: { title: 'Talk', questions: [{ title: 'Lunch?', options: ['a', 'b'] }] },
          ip: nextVoterIp(),
        });
        const { event } = madeEvent.body;
        const eventOwner = { authorization: `Bearer ${madeEvent.body.admin_token}` };
        if (relay) await relay.close();
        else await instance.pollcast.database.close();
        const ballot = { json: { option_id: poll.options[0]!.id }, ip: nextVoterIp() };
        const answers = [
          await on('get', '/api/health'),
          await on('post', '/api/polls', { json: { title: 't', options: ['a', 'b'] }, ip: nextVoterIp() }),
          await on('get', '/api/polls'),
          await on('get', `/api/polls/${poll.id}`),
          await on('get', `/api/polls/by-code/${poll.code}`),
          await on('post', `/api/polls/${poll.id}/vote`, ballot),
          await on('patch', `/api/polls/${poll.id}`, { json: { is_active: false }, headers: admin(poll) }),
          await on('delete', `/api/polls/${poll.id}`, { headers: admin(poll) }),
          await on('get', '/api/polls/trending'),
          await on('get', `/api/oembed?${new URLSearchParams({ url: `${instance.url}/polls/${poll.id}` })}`),
          await on('get', `/api/polls/${poll.id}/export.csv`, { headers: admin(poll) }),
          await on('get', `/api/polls/${poll.id}/export.json`, { headers: admin(poll) }),
          await on('get', `/api/polls/${poll.id}/export.rctab.json`, { headers: admin(poll) }),
          await on('post', '/api/events', {
            json: { title: 't', questions: [{ title: 't', options: ['a', 'b'] }] },
            ip: nextVoterIp(),
          }),
          await on('get', `/api/events/${event.id}`),
          await on('get', `/api/events/by-code/${event.code}`),
          await on('patch', `/api/events/${event.id}`, { json: { current: 0 }, headers: eventOwner }),
          await on('get', `/api/events/${event.id}/export.json`, { headers: eventOwner }),
          await on('get', `/api/events/${event.id}/export.csv`, { headers: eventOwner }),
        ];
        expect(answers.map((reply) => reply.status)).toEqual(Array(answers.length).fill(503));
        const stream = await openSseViewer(instance.url, poll.id);
        await stream.waitForEnd();
        const streamReply = {
          status: stream.status,
          headers: headersOf(stream.headers),
          body: JSON.parse(stream.body),
        };
        checker.check('get', `/api/polls/${poll.id}/stream`, streamReply);
        expect(streamReply.status).toBe(503);
        const follower = await openSseStream(`${instance.url}/api/events/${event.id}/stream`);
        await follower.waitForEnd();
        const followerReply = {
          status: follower.status,
          headers: headersOf(follower.headers),
          body: JSON.parse(follower.body),
        };
        checker.check('get', `/api/events/${event.id}/stream`, followerReply);
        expect(followerReply.status).toBe(503);
      });
    });

    it('saw every status the document lists, but those no test can provoke', () => {
      const unseen = checker.documented().filter((answer) => !checker.seen.has(answer));
      expect(unseen.sort()).toEqual([...NOT_PROVOKED].sort());
    });
  });
}
