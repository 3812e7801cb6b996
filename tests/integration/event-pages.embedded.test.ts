import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextVoterIp } from '../support/harness';
import { rawRequest, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * The pages of an event as the assembled server answers them: `/j/CODE` of an event leads to
 * its audience page, which says where the event is in the visitor's language.
 */

type CreatedEvent = { event: { id: string; code: string }; questions: { id: string }[]; admin_token: string };

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

  it('answers 404 for an event that does not exist', async () => {
    expect((await page('/events/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
