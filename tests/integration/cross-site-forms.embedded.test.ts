import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, type Poll } from './hostile-clients';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * The poll page's vote form without JavaScript is a Next server action. Sent from another site
 * (a page elsewhere, or a sandboxed frame whose Origin is `null`), it must be refused with a page
 * that says why, counted as 403; sent from the poll page itself, it votes.
 */

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';
const BOUNDARY = '----pollcast-test-boundary';

describe('forms sent to a page from another site', () => {
  let server: PollcastProcess;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    server = await startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1', METRICS_TOKEN } });
    api = apiOf(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The vote form of `page` as a browser without JavaScript sends it: its action id and one choice. */
  async function voteForm(page: string, poll: Poll): Promise<string> {
    const html = String((await rawRequest(server.url, 'GET', page)).body);
    const action = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
    expect(action, 'the page has a vote form').toBeDefined();
    const fields: [string, string][] = [
      [action!, ''],
      ['poll_id', poll.id],
      ['option_id', poll.options[0]!.id],
    ];
    return (
      fields
        .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join('') + `--${BOUNDARY}--\r\n`
    );
  }

  function post(page: string, body: string, headers: Record<string, string>) {
    return rawRequest(server.url, 'POST', page, {
      body,
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'x-forwarded-for': '10.79.0.1',
        ...headers,
      },
    });
  }

  async function refusals(status: number): Promise<number> {
    const text = String(
      (await rawRequest(server.url, 'GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body,
    );
    const line = new RegExp(
      `^pollcast_http_request_duration_seconds_count\\{method="POST",route="[^"]*",status="${status}"\\} (\\d+)$`,
      'gm',
    );
    return [...text.matchAll(line)].reduce((sum, match) => sum + Number(match[1]), 0);
  }

  it('refuses a vote form from another site or a sandboxed frame with a 403 page, and records nothing', async () => {
    const poll = await api.create();
    for (const page of [`/polls/${poll.id}`, `/embed/${poll.id}`]) {
      const form = await voteForm(page, poll);
      for (const origin of ['http://evil.example', 'null']) {
        const reply = await post(page, form, { origin });
        expect(reply.status, `${page} from ${origin}`).toBe(403);
        expect(String(reply.headers['content-type'])).toMatch(/^text\/html/);
        expect(String(reply.body)).toContain('This form came from another site');
        expect(String(reply.body)).toContain(`href="${page}"`);
      }
      // Next's fetch of a server action (with JavaScript) is refused the same way.
      const fetched = await post(page, form, { origin: 'http://evil.example', 'next-action': 'a'.repeat(42) });
      expect(fetched.status).toBe(403);
      // A urlencoded form whose type carries a charset is a form all the same.
      const encoded = await post(page, `option_id=${poll.options[0]!.id}`, {
        origin: 'http://evil.example',
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      });
      expect(encoded.status).toBe(403);
    }
    expect((await api.read(poll.id)).body.stats.total_votes).toBe(0);
    expect(await refusals(403)).toBe(8);
    expect(await refusals(500)).toBe(0);
  });

  it('takes the same form from the poll page itself', async () => {
    const poll = await api.create();
    const page = `/polls/${poll.id}`;
    const reply = await post(page, await voteForm(page, poll), { origin: server.url });
    expect(reply.status).toBe(303);
    expect(String(reply.headers.location)).toBe(`${page}?vote=counted`);
    expect((await api.read(poll.id)).body.stats.total_votes).toBe(1);
    // And from a browser that sends no Origin at all (it cannot be another site's form).
    const other = await post(page, await voteForm(page, poll), { 'x-forwarded-for': '10.79.0.2' });
    expect(other.status).toBe(303);
    expect((await api.read(poll.id)).body.stats.total_votes).toBe(2);
  });
});
