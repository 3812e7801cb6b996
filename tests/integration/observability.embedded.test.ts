import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseViewer } from '../support/live-viewers';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * What an operator reads off the assembled server (docs/OPERATIONS.md): request ids, one JSON log
 * line per request, and Prometheus metrics behind their token. The process runs as `npm start`
 * does, with LOG_LEVEL=info (the default) so the request lines are written.
 */

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

type LogLine = Record<string, unknown>;
const linesOf = (server: PollcastProcess): LogLine[] =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/** Metric samples as `name{labels} value` lines, for reading one value. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || l.startsWith(`${name}${labels}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('request ids, request logs and metrics of the assembled server', () => {
  let server: PollcastProcess;
  let quiet: PollcastProcess;
  beforeAll(async () => {
    [server, quiet] = await Promise.all([
      startPollcastProcess({ env: { LOG_LEVEL: 'info', METRICS_TOKEN, TRUST_PROXY: '127.0.0.1' } }),
      startPollcastProcess(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), quiet?.stop()]);
  });

  const createPoll = async () => {
    const reply = await rawRequest(server.url, 'POST', '/api/polls', {
      json: { title: 'Lunch?', options: ['Pizza', 'Sushi'] },
      headers: { 'x-forwarded-for': '10.77.0.1' },
    });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; admin_token: string; options: { id: string }[] };
  };
  const scrape = (token = METRICS_TOKEN) =>
    rawRequest(server.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });

  it('answers every request with an id: the one it came with when sane, a new one otherwise', async () => {
    const kept = await rawRequest(server.url, 'GET', '/api/health', { headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.42');
    for (const insane of ['has spaces', 'x'.repeat(200), '<script>', 'a;b']) {
      const replaced = await rawRequest(server.url, 'GET', '/api/health', { headers: { 'x-request-id': insane } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const page = await rawRequest(server.url, 'GET', '/');
    const missing = await rawRequest(server.url, 'GET', '/api/nothing-here');
    const ids = [page, missing].map((reply) => reply.headers['x-request-id']);
    expect(ids.every((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });

  it('writes one JSON line per request: id, method, route pattern, status, duration; no token, cookie or address', async () => {
    const poll = await createPoll();
    const id = `vote-${Date.now()}`;
    const vote = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
      json: { option_id: poll.options[0]!.id },
      headers: { 'x-request-id': id, 'x-forwarded-for': '10.77.0.2', cookie: 'pollcast_voter=forged-cookie-value' },
    });
    expect(vote.status).toBe(200);
    const closed = await rawRequest(server.url, 'PATCH', `/api/polls/${poll.id}`, {
      json: { is_active: false },
      headers: { authorization: `Bearer ${poll.admin_token}`, 'x-request-id': `${id}-close` },
    });
    expect(closed.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = linesOf(server).filter((line) => line.message === 'request');
    const voteLine = lines.find((line) => line.request_id === id);
    expect(voteLine).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/api/polls/:id/vote',
      status: 200,
      duration_ms: expect.any(Number),
    });
    expect(lines.find((line) => line.request_id === `${id}-close`)).toMatchObject({
      method: 'PATCH',
      route: '/api/polls/:id',
      status: 200,
    });
    expect(lines.filter((line) => line.request_id === id)).toHaveLength(1);
    const everything = server.output();
    expect(everything).not.toContain(poll.admin_token);
    expect(everything).not.toContain('forged-cookie-value');
    expect(everything).not.toContain('10.77.0.2');
    expect(everything).not.toContain(poll.id);
  });

  it('serves Prometheus metrics only with the token, and they move with votes and viewers', async () => {
    expect((await rawRequest(server.url, 'GET', '/metrics')).status).toBe(401);
    expect((await scrape('not-the-metrics-token')).status).toBe(401);
    const off = await rawRequest(quiet.url, 'GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect([off.status, off.body.error.code]).toEqual([404, 'not_found']);

    const before = await scrape();
    expect(before.status).toBe(200);
    expect(String(before.headers['content-type'])).toMatch(/^text\/plain; version=0\.0\.4/);
    const counted = (text: string) => sample(text, 'pollcast_votes_total', '{outcome="counted"}') ?? 0;
    const refused = (text: string) => sample(text, 'pollcast_votes_total', '{outcome="already_voted"}') ?? 0;

    const poll = await createPoll();
    const viewer = await openSseViewer(server.url, poll.id);
    await viewer.waitFor((events) => events.length >= 1, 'the snapshot');
    for (let i = 0; i < 3; i++) {
      const reply = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
        json: { option_id: poll.options[0]!.id },
        headers: { 'x-forwarded-for': `10.78.0.${i}` },
      });
      expect(reply.status).toBe(200);
    }
    const again = await rawRequest(server.url, 'POST', `/api/polls/${poll.id}/vote`, {
      json: { option_id: poll.options[1]!.id },
      headers: { 'x-forwarded-for': '10.78.0.0' },
    });
    expect(again.status).toBe(409);
    await viewer.waitFor((events) => events.some((e) => JSON.parse(e.data).total_votes === 3), 'the third vote');

    const after = (await scrape()).body as unknown as string;
    expect(counted(after) - counted(String(before.body))).toBe(3);
    expect(refused(after) - refused(String(before.body))).toBe(1);
    expect(sample(after, 'pollcast_vote_duration_seconds_count')).toBeGreaterThanOrEqual(4);
    expect(sample(after, 'pollcast_vote_batch_size_count')).toBeGreaterThanOrEqual(3);
    expect(sample(after, 'pollcast_vote_queue_depth')).toBe(0);
    expect(sample(after, 'pollcast_live_viewers')).toBe(1);
    expect(sample(after, 'pollcast_live_connections')).toBe(1);
    expect(sample(after, 'pollcast_live_frames_sent_total')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(
      /^pollcast_http_request_duration_seconds_count\{method="POST",route="\/api\/polls\/:id\/vote",status="200"\} \d+$/m,
    );
    // prom-client's process and event-loop metrics, under our prefix.
    expect(sample(after, 'pollcast_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(after).toMatch(/^pollcast_nodejs_eventloop_lag_p99_seconds /m);
    expect(after).not.toContain(poll.id);

    viewer.close();
  });
});
