import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { apiOf, type Poll } from './hostile-clients';

/**
 * A text ballot through the vote form without JavaScript: the poll page's server action, sent as
 * a browser sends a form, with one `answer` field per answer, as the answer fields post them.
 */

const BOUNDARY = '----pollcast-text-form';

describe('a text ballot from the vote form without JavaScript', () => {
  let server: PollcastProcess;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    server = await startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1' } });
    api = apiOf(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The vote form's action (the same for every poll page), with these fields, as multipart form data. */
  async function form(poll: Poll, fields: [string, string][]): Promise<string> {
    const html = String((await rawRequest(server.url, 'GET', `/polls/${poll.id}`)).body);
    const action = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
    expect(action, 'the page has a vote form').toBeDefined();
    return (
      [[action!, ''] as [string, string], ['poll_id', poll.id] as [string, string], ...fields]
        .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join('') + `--${BOUNDARY}--\r\n`
    );
  }
  const post = (poll: Poll, body: string, voter: string) =>
    rawRequest(server.url, 'POST', `/polls/${poll.id}`, {
      body,
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        origin: server.url,
        'x-forwarded-for': voter,
      },
    });
  const outcome = (reply: { headers: Record<string, unknown> }) =>
    new URL(String(reply.headers.location), server.url).searchParams.get('vote');

  it('counts the answers in order, skipping a blank field, as the API would', async () => {
    const poll = await api.create({ kind: 'text', options: undefined, max_choices: 3 });
    const fields: [string, string][] = [
      ['answer', ' Blue '],
      ['answer', ''],
      ['answer', 'green'],
    ];
    const reply = await post(poll, await form(poll, fields), '10.82.0.1');
    expect([reply.status, outcome(reply)]).toEqual([303, 'counted']);
    const read = await api.read(poll.id, '10.82.0.1');
    expect(read.body.voter.answers).toEqual(['Blue', 'green']);
    expect(read.body.results).toEqual({
      answers: [
        { text: 'Blue', count: 1 },
        { text: 'green', count: 1 },
      ],
      distinct: 2,
    });

    // The same answers again, in another order and case, are no second ballot; others are refused.
    const again = await post(
      poll,
      await form(poll, [
        ['answer', 'GREEN'],
        ['answer', 'blue'],
      ]),
      '10.82.0.1',
    );
    expect(outcome(again)).toBe('counted');
    const other = await post(poll, await form(poll, [['answer', 'Red']]), '10.82.0.1');
    expect(outcome(other)).toBe('already_voted');
    expect((await api.read(poll.id)).body.poll.total_votes).toBe(1);
  });

  it('refuses a bad answer, no answer, and answers sent to a choice poll, counting none', async () => {
    const poll = await api.create({ kind: 'text', options: undefined });
    const choice = await api.create();
    const cases: [Poll, [string, string][], string][] = [
      [poll, [['answer', 'x\u202ey']], 'invalid_request'],
      [
        poll,
        [
          ['answer', 'a'],
          ['answer', 'b'],
        ],
        'invalid_request',
      ],
      [poll, [['answer', '  ']], 'missing_choice'],
      [choice, [['answer', 'Pizza']], 'invalid_request'],
      [poll, [['option_id', choice.options[0]!.id]], 'invalid_request'],
    ];
    for (const [target, fields, notice] of cases) {
      const reply = await post(target, await form(target, fields), '10.82.0.2');
      expect([reply.status, outcome(reply)], JSON.stringify(fields)).toEqual([303, notice]);
    }
    expect((await api.read(poll.id)).body.poll.total_votes).toBe(0);
    expect((await api.read(choice.id)).body.poll.total_votes).toBe(0);
  });
});
