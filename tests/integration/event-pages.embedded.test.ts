import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextVoterIp } from '../support/harness';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * The pages of an event as the assembled server answers them: `/j/CODE` of an event leads to
 * its audience page, which says where the event is in the visitor's language, and its vote form
 * works without JavaScript, coming back to the event's page and never anywhere else.
 */

type CreatedEvent = {
  event: { id: string; code: string };
  questions: { id: string; options: { id: string; option_text: string }[] }[];
  admin_token: string;
};

/** The hidden fields of a page's first form (the server action's own), as a browser without JavaScript posts them. */
function hiddenFields(html: string): [string, string][] {
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...form.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g)].map((match) => [
    match[1]!,
    unescape(match[2] ?? ''),
  ]);
}

describe('event pages', () => {
  let server: PollcastProcess;
  let created: CreatedEvent;

  beforeAll(async () => {
    server = await startPollcastProcess({ env: { TRUST_PROXY: '127.0.0.1' } });
    const reply = await rawRequest(server.url, 'POST', '/api/events', {
      headers: { 'x-forwarded-for': nextVoterIp() },
      json: {
        title: 'Friday all-hands',
        questions: [
          { title: 'Which city next?', options: ['Lisbon', 'Oslo'] },
          { title: 'One word for this quarter', kind: 'text' },
        ],
      },
    });
    expect(reply.status).toBe(201);
    created = reply.body as CreatedEvent;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = (path: string) =>
    rawRequest(server.url, 'GET', path, { headers: { 'x-forwarded-for': nextVoterIp() } }).then((reply) => ({
      ...reply,
      body: String(reply.body),
    }));

  it('leads /j/CODE of an event to its audience page, in any letter case', async () => {
    const { id, code } = created.event;
    for (const typed of [code, code.toLowerCase()]) {
      const reply = await page(`/j/${typed}`);
      expect(reply.status).toBe(307);
      expect(new URL(String(reply.headers.location), server.url).pathname).toBe(`/events/${id}`);
    }
    const audience = await page(`/events/${id}`);
    expect(audience.status).toBe(200);
    expect(audience.body).toContain('Friday all-hands');
    expect(audience.body).toContain('Waiting for the next question');
  });

  it('shows the question the presenter moved to, in the language asked for', async () => {
    const { id } = created.event;
    const move = await rawRequest(server.url, 'PATCH', `/api/events/${id}`, {
      headers: { authorization: `Bearer ${created.admin_token}` },
      json: { current: 0 },
    });
    expect(move.status).toBe(200);
    const english = await page(`/events/${id}`);
    expect(english.body).toContain('Which city next?');
    expect(english.body).toContain('Question 1 of 2');
    const german = await page(`/events/${id}?lang=de`);
    expect(german.body).toContain('Frage 1 von 2');
    const arabic = await page(`/events/${id}?lang=ar`);
    expect(arabic.body).toContain('dir="rtl"');
    expect(arabic.body).toContain('السؤال');
  });

  /** Posts the event page's vote form as a browser without JavaScript does, its hidden fields changed by `tamper`. */
  async function voteWithoutScript(
    voter: string,
    optionId: string,
    tamper: (value: string) => string = (v) => v,
    origin = server.url,
  ) {
    const { id } = created.event;
    const html = await (await fetch(`${server.url}/events/${id}`, { headers: { 'x-forwarded-for': voter } })).text();
    const fields = hiddenFields(html);
    expect(fields.map(([name]) => name)).toContain('poll_id');
    // The form carries the event's id (the action's bound argument), so a tamperer can change it.
    expect(fields.some(([, value]) => value.includes(id))).toBe(true);
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, tamper(value));
    form.append('option_id', optionId);
    const reply = await fetch(`${server.url}/events/${id}`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { origin, 'x-forwarded-for': voter },
    });
    return { status: reply.status, location: reply.headers.get('location') ?? '' };
  }

  it('brings a vote sent without JavaScript back to the event page, which says it was counted', async () => {
    const { id } = created.event;
    const question = created.questions[0]!;
    const oslo = question.options.find((option) => option.option_text === 'Oslo')!;
    const voter = nextVoterIp();
    const reply = await voteWithoutScript(voter, oslo.id);
    expect(reply.status).toBe(303);
    const back = new URL(reply.location, server.url);
    expect(back.origin).toBe(server.url);
    expect(back.pathname).toBe(`/events/${id}`);
    expect(Object.fromEntries(back.searchParams)).toEqual({ vote: 'counted', lang: 'en', question: question.id });

    const page = await fetch(back, { headers: { 'x-forwarded-for': voter } });
    const body = await page.text();
    expect(body).toContain('Question 1 of 2');
    expect(body).toContain('Your vote for');
    expect(body).toContain('was counted');
    // Voted: the page shows the results, and no ballot to send again.
    expect(body).not.toContain('name="poll_id"');
  });

  it('never sends a tampered vote form anywhere but the event page or the poll page', async () => {
    const { id } = created.event;
    const question = created.questions[0]!;
    const lisbon = question.options.find((option) => option.option_text === 'Lisbon')!;
    const other = await rawRequest(server.url, 'POST', '/api/events', {
      headers: { 'x-forwarded-for': nextVoterIp() },
      json: { title: 'Another event', questions: [{ title: 'Tea?', options: ['Yes', 'No'] }] },
    });
    const otherId = (other.body as CreatedEvent).event.id;
    const swaps = [otherId, 'https://evil.example/', '//evil.example', `/events/${id}/../../evil`, 'x'];
    for (const swap of swaps) {
      // The event's id, wherever the form carries it, becomes something else.
      const reply = await voteWithoutScript(nextVoterIp(), lisbon.id, (value) => value.split(id).join(swap));
      expect(reply.status, swap).toBe(303);
      const back = new URL(reply.location, server.url);
      expect(back.origin, swap).toBe(server.url);
      expect([`/events/${id}`, `/polls/${question.id}`], swap).toContain(back.pathname);
      expect(back.pathname, swap).not.toBe(`/events/${otherId}`);
    }
  });

  it('refuses the event page’s vote form sent from another site, counting nothing', async () => {
    const question = created.questions[0]!;
    const before = await rawRequest(server.url, 'GET', `/api/polls/${question.id}`);
    const reply = await voteWithoutScript(nextVoterIp(), question.options[0]!.id, undefined, 'https://evil.example');
    expect(reply.status).toBe(403);
    expect(reply.location).toBe('');
    const after = await rawRequest(server.url, 'GET', `/api/polls/${question.id}`);
    const total = (body: unknown) => (body as { poll: { total_votes: number } }).poll.total_votes;
    expect(total(after.body)).toBe(total(before.body));
  });

  it('answers 404 for an event that does not exist', async () => {
    expect((await page('/events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
