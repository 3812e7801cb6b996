import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankFieldName } from '../../src/kinds/ranked/ui/ranking-fields';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';
import { apiOf, type Poll } from './hostile-clients';

/**
 * A ranked ballot through the vote form without JavaScript: the poll page's server action, sent
 * as a browser sends a form, with the fields the numbered selects post (rank_1, rank_2 …).
 */

const BOUNDARY = '----pollcast-ranked-form';

describe('a ranked ballot from the vote form without JavaScript', () => {
  let server: PollcastProcess;
  let api: ReturnType<typeof apiOf>;

  beforeAll(async () => {
    server = await startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1' } });
    api = apiOf(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The poll page's form action, with these fields, as multipart form data. */
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

  it('counts the ranks in order, skipping a blank one, as the API would', async () => {
    const poll = await api.create({ kind: 'ranked', options: ['Ada', 'Bo', 'Cy'] });
    const [a, b, c] = poll.options.map((option) => option.id) as [string, string, string];
    const ranks: [string, string][] = [
      [rankFieldName(1), c],
      [rankFieldName(2), ''],
      [rankFieldName(3), a],
    ];
    const reply = await post(poll, await form(poll, ranks), '10.81.0.1');
    expect([reply.status, reply.headers.location]).toEqual([303, `/polls/${poll.id}?vote=counted`]);
    const read = await api.read(poll.id, '10.81.0.1');
    expect(read.body.voter.option_ids).toEqual([c, a]);
    expect(read.body.results.rounds[0].tally).toEqual({ [a]: 0, [b]: 0, [c]: 1 });
  });

  it('refuses ticked options for a ranked poll, and ranks for a choice poll, counting neither', async () => {
    const ranked = await api.create({ kind: 'ranked', options: ['Ada', 'Bo'] });
    const choice = await api.create();
    const ticked = await post(ranked, await form(ranked, [['option_id', ranked.options[0]!.id]]), '10.81.0.2');
    const ranks = await post(choice, await form(choice, [[rankFieldName(1), choice.options[0]!.id]]), '10.81.0.3');
    for (const reply of [ticked, ranks]) {
      expect(reply.status).toBe(303);
      expect(String(reply.headers.location)).not.toContain('vote=counted');
    }
    expect((await api.read(ranked.id)).body.poll.total_votes).toBe(0);
    expect((await api.read(choice.id)).body.poll.total_votes).toBe(0);
  });
});
