import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { REDIS_TEST_URL, client, nextVoterIp, type Mode, type TestServer } from '../support/harness';
import { useContractInstance } from '../support/contract-instance';
import { openSocketViewer, openSseStream, type SseEvent, type SseViewer } from '../support/live-viewers';

/**
 * Events (issue 29) over real HTTP and live connections, in each mode: several questions under one
 * code, the creator's changes and their refusals, the event's token managing its questions, the
 * end closing them, exports, and followers that move with the presenter without ever seeing
 * counts a question hides.
 */

type Question = { id: string; kind: string; options: { id: string; option_text: string }[] };
type CreatedEvent = {
  event: { id: string; code: string; title: string; ended: boolean; seq: number };
  questions: Question[];
  current: number | null;
  code: string;
  admin_token: string;
};
type Message = Record<string, any>;

const CHOICE = { title: 'Tea or coffee?', options: ['Tea', 'Coffee'] };
const HIDDEN = { title: 'Secret ballot', options: ['Yes', 'No'], results_visibility: 'creator' };
const RANKED = { kind: 'ranked', title: 'Rank the talks', options: ['A', 'B', 'C'] };
const TEXT = { kind: 'text', title: 'One word for today?' };

const parsed = (events: SseEvent[]): Message[] => events.map((event) => JSON.parse(event.data));

export function defineEventContract(mode: Mode, options: { redis?: boolean } = {}): void {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  const open: { close(): unknown }[] = [];

  useContractInstance(mode, options.redis ? { redisUrl: REDIS_TEST_URL } : {}, (started) => {
    ({ server, api } = started);
  });
  // Registered after the instance's hooks, so it runs before their counter check (vitest stacks after-hooks).
  afterEach(async () => {
    for (const viewer of open.splice(0)) await viewer.close();
  });

  const createEvent = async (questions: unknown[] = [CHOICE, HIDDEN, RANKED, TEXT]): Promise<CreatedEvent> => {
    const reply = await api('POST', '/api/events', { json: { title: 'All hands', questions }, ip: nextVoterIp() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as CreatedEvent;
  };
  const admin = (event: CreatedEvent) => ({ authorization: `Bearer ${event.admin_token}` });
  const patch = (event: CreatedEvent, json: unknown, headers: Record<string, string> = admin(event)) =>
    api('PATCH', `/api/events/${event.event.id}`, { json, headers });
  const vote = (pollId: string, json: unknown, ip = nextVoterIp()) =>
    api('POST', `/api/polls/${pollId}/vote`, { json, ip });
  const follow = async (event: CreatedEvent, headers: Record<string, string> = {}): Promise<SseViewer> => {
    const viewer = await openSseStream(`${server.url}/api/events/${event.event.id}/stream`, headers);
    open.push(viewer);
    return viewer;
  };
  const waitForMessage = (viewer: SseViewer, match: (message: Message) => boolean, what: string) =>
    viewer.waitFor((events) => parsed(events).some(match), what);

  describe(`creating and reading events (${mode})`, () => {
    it('creates an event with questions of every kind, waiting, with one code and a one-time admin token', async () => {
      const reply = await api('POST', '/api/events', {
        json: { title: 'All hands', questions: [CHOICE, RANKED, TEXT] },
        ip: nextVoterIp(),
      });
      expect(reply.status).toBe(201);
      const created = reply.body as CreatedEvent;
      expect(reply.headers.get('location')).toBe(`/api/events/${created.event.id}`);
      expect(created).toMatchObject({ event: { title: 'All hands', ended: false }, current: null });
      expect(created.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
      expect(created.event.code).toBe(created.code);
      expect(created.admin_token.length).toBeGreaterThan(20);
      expect(created.questions.map((question) => question.kind)).toEqual(['choice', 'ranked', 'text']);
      expect(created.questions[0]!.options.map((option) => option.option_text)).toEqual(['Tea', 'Coffee']);
      expect(created.questions[0]!.options[0]).not.toHaveProperty('vote_count');

      const read = await api('GET', `/api/events/${created.event.id.toUpperCase()}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ event: created.event, questions: created.questions, current: null });
      expect(JSON.stringify(read.body)).not.toContain(created.admin_token);
      const byCode = await api(
        'GET',
        `/api/events/by-code/${created.code.toLowerCase().slice(0, 3)}-${created.code.slice(3)}`,
      );
      expect(byCode.body).toEqual(read.body);
      // Each question is a poll of its own, reached as any poll is.
      const question = await api('GET', `/api/polls/${created.questions[1]!.id}`);
      expect(question.body.poll).toMatchObject({ kind: 'ranked', title: 'Rank the talks' });
    });

    it('refuses no questions, more than 50, and a question no poll could be, naming it', async () => {
      for (const [questions, path] of [
        [[], 'questions'],
        [Array.from({ length: 51 }, () => CHOICE), 'questions'],
        [[CHOICE, { title: 'One option', options: ['only'] }], 'questions.1.options'],
        [[CHOICE, { kind: 'text', title: 't', options: ['a', 'b'] }], 'questions.1.options'],
      ] as const) {
        const reply = await api('POST', '/api/events', { json: { title: 'x', questions }, ip: nextVoterIp() });
        expect([reply.status, reply.body.error?.code]).toEqual([400, 'invalid_request']);
        expect(reply.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      }
      const untitled = await api('POST', '/api/events', { json: { questions: [CHOICE] }, ip: nextVoterIp() });
      expect([untitled.status, untitled.body.error.code]).toEqual([400, 'invalid_request']);
      expect((await createEvent(Array.from({ length: 50 }, () => CHOICE))).questions).toHaveLength(50);
    });

    it('answers 404 for an unknown or malformed id, and for a code nothing has', async () => {
      for (const id of [crypto.randomUUID(), 'not-an-id']) {
        const reply = await api('GET', `/api/events/${id}`);
        expect([reply.status, reply.body.error.code]).toEqual([404, 'not_found']);
      }
      const nothing = await api('GET', '/api/events/by-code/ZZZZZZ');
      expect([nothing.status, nothing.body.error.code]).toEqual([404, 'not_found']);
    });

    it('finds the event by its code through the polls’ lookup too, and keeps a poll’s code the poll’s', async () => {
      const event = await createEvent([CHOICE]);
      const viaPolls = await api('GET', `/api/polls/by-code/${event.code}`);
      expect(viaPolls.status).toBe(200);
      expect(viaPolls.body).toEqual({ event: event.event, questions: event.questions, current: null });
      const poll = await api('POST', '/api/polls', { json: CHOICE, ip: nextVoterIp() });
      const pollByCode = await api('GET', `/api/polls/by-code/${poll.body.code}`);
      expect(pollByCode.body.poll.id).toBe(poll.body.id);
      const notAnEvent = await api('GET', `/api/events/by-code/${poll.body.code}`);
      expect(notAnEvent.status).toBe(404);
      // Each question has a code of its own too, none the event's.
      const questionCodes = await Promise.all(
        event.questions.map(async (question) => (await api('GET', `/api/polls/${question.id}`)).body.poll.code),
      );
      expect(questionCodes).not.toContain(event.code);
    });

    it('never lets a poll and an event hold one code', async () => {
      const event = await createEvent([CHOICE]);
      const poll = (await api('POST', '/api/polls', { json: CHOICE, ip: nextVoterIp() })).body;
      const { database } = server.pollcast;
      await expect(
        database.rows(sql`update events set code = ${poll.code} where id = ${event.event.id}::uuid`),
      ).rejects.toThrow();
      await expect(
        database.rows(sql`update polls set code = ${event.code} where id = ${poll.id}::uuid`),
      ).rejects.toThrow();
      expect((await api('GET', `/api/polls/by-code/${event.code}`)).body.event.id).toBe(event.event.id);
    });
  });

  describe(`the creator's changes (${mode})`, () => {
    it('moves the audience, and waits again, only with the admin token', async () => {
      const event = await createEvent();
      const missing = await patch(event, { current: 1 }, {});
      expect([missing.status, missing.body.error.code]).toEqual([401, 'unauthorized']);
      const wrong = await patch(event, { current: 1 }, { authorization: 'Bearer nope' });
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'unauthorized']);
      const unknown = await api('PATCH', `/api/events/${crypto.randomUUID()}`, {
        json: { current: 0 },
        headers: admin(event),
      });
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);

      const moved = await patch(event, { current: 1 });
      expect(moved.status).toBe(200);
      expect(moved.body.current).toBe(1);
      expect(moved.body.event.seq).toBeGreaterThan(event.event.seq);
      expect((await api('GET', `/api/events/${event.event.id}`)).body.current).toBe(1);
      expect((await patch(event, { current: null })).body.current).toBeNull();
    });

    it('refuses a move past the last question, an empty change and a bad field', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      for (const [json, path] of [
        [{ current: 2 }, 'current'],
        [{ current: -1 }, 'current'],
        [{ current: 'first' }, 'current'],
        [{ ended: false }, 'ended'],
        [{ questions: [] }, 'questions'],
      ] as const) {
        const reply = await patch(event, json);
        expect([reply.status, reply.body.error.code], JSON.stringify(json)).toEqual([400, 'invalid_request']);
        expect(reply.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      }
      const empty = await patch(event, {});
      expect([empty.status, empty.body.error.code]).toEqual([400, 'invalid_request']);
      expect((await api('GET', `/api/events/${event.event.id}`)).body.current).toBeNull();
    });

    it('keeps, reorders, adds and removes questions, the audience staying on the question shown', async () => {
      const event = await createEvent([CHOICE, HIDDEN, TEXT]);
      const [choice, hidden, text] = event.questions.map((question) => question.id);
      await patch(event, { current: 2 });
      const reply = await patch(event, { questions: [text, { title: 'New one', options: ['x', 'y'] }, choice] });
      expect(reply.status).toBe(200);
      expect(reply.body.questions.map((question: Question) => question.id).slice(0, 1)).toEqual([text]);
      expect(reply.body.questions[2].id).toBe(choice);
      expect(reply.body.questions[1]).toMatchObject({ title: 'New one', kind: 'choice' });
      expect(reply.body.current).toBe(0);
      expect((await api('GET', `/api/polls/${hidden}`)).status).toBe(404);
      // A new question is managed by the event's token too.
      const renamed = await api('PATCH', `/api/polls/${reply.body.questions[1].id}`, {
        json: { title: 'Renamed' },
        headers: admin(event),
      });
      expect(renamed.status).toBe(200);
    });

    it('refuses to remove a question with a ballot (409 question_has_votes), changing nothing', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      const [choice, text] = event.questions;
      expect((await vote(choice!.id, { option_ids: [choice!.options[0]!.id] })).status).toBe(200);
      const reply = await patch(event, { questions: [text!.id, CHOICE], current: 0 });
      expect([reply.status, reply.body.error.code]).toEqual([409, 'question_has_votes']);
      expect(reply.body.error.details.question_id).toBe(choice!.id);
      const after = await api('GET', `/api/events/${event.event.id}`);
      expect(after.body.questions.map((question: Question) => question.id)).toEqual([choice!.id, text!.id]);
      expect(after.body.current).toBeNull();
    });

    it('refuses a question id that is not this event’s, or one listed twice', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      const other = await createEvent([CHOICE]);
      const [first, second] = event.questions.map((question) => question.id);
      for (const [questions, path] of [
        [[first, other.questions[0]!.id], 'questions.1'],
        [[first, second, first], 'questions.2'],
        [[first, 'nope'], 'questions.1'],
      ] as const) {
        const reply = await patch(event, { questions });
        expect([reply.status, reply.body.error.code], JSON.stringify(questions)).toEqual([400, 'invalid_request']);
        expect(reply.body.error.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
      }
    });

    it('lets the event’s token manage each question, and no other event’s token', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      const other = await createEvent([CHOICE]);
      const [choice, text] = event.questions;
      const closed = await api('PATCH', `/api/polls/${choice!.id}`, {
        json: { is_active: false },
        headers: admin(event),
      });
      expect([closed.status, closed.body.is_active]).toEqual([200, false]);
      const refused = await api('PATCH', `/api/polls/${choice!.id}`, {
        json: { is_active: true },
        headers: admin(other),
      });
      expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthorized']);
      const exported = await api('GET', `/api/polls/${text!.id}/export.json`, { headers: admin(event) });
      expect(exported.status).toBe(200);
      expect((await api('DELETE', `/api/polls/${text!.id}`, { headers: admin(other) })).status).toBe(401);
      expect((await api('DELETE', `/api/polls/${text!.id}`, { headers: admin(event) })).status).toBe(204);
      const after = await api('GET', `/api/events/${event.event.id}`);
      expect(after.body.questions.map((question: Question) => question.id)).toEqual([choice!.id]);
    });

    it('ends the event: every question closes and takes no more ballots (403 poll_closed)', async () => {
      const event = await createEvent([CHOICE, RANKED, TEXT]);
      const [choice, ranked, text] = event.questions;
      await patch(event, { current: 0 });
      const ended = await patch(event, { ended: true });
      expect(ended.status).toBe(200);
      expect(ended.body.event.ended).toBe(true);
      expect(ended.body.questions.map((question: Question & { is_active: boolean }) => question.is_active)).toEqual([
        false,
        false,
        false,
      ]);
      for (const [pollId, ballot] of [
        [choice!.id, { option_ids: [choice!.options[0]!.id] }],
        [ranked!.id, { ranking: ranked!.options.map((option) => option.id) }],
        [text!.id, { answers: ['late'] }],
      ] as const) {
        const reply = await vote(pollId, ballot);
        expect([reply.status, reply.body.error?.code]).toEqual([403, 'poll_closed']);
      }
      // The presenter may still show each question's results.
      expect((await patch(event, { current: 2 })).body).toMatchObject({ current: 2, event: { ended: true } });
    });
  });

  describe(`exports (${mode})`, () => {
    it('exports every question, with its results and ballots, to the creator only', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      const [choice, text] = event.questions;
      await vote(choice!.id, { option_ids: [choice!.options[1]!.id] });
      await vote(text!.id, { answers: ['=SUM(A1)'] });
      for (const path of ['export.json', 'export.csv']) {
        const refused = await api('GET', `/api/events/${event.event.id}/${path}`);
        expect([refused.status, refused.body.error.code]).toEqual([401, 'unauthorized']);
        const unknown = await api('GET', `/api/events/${crypto.randomUUID()}/${path}`, { headers: admin(event) });
        expect(unknown.status).toBe(404);
      }
      const json = await api('GET', `/api/events/${event.event.id}/export.json`, { headers: admin(event) });
      expect(json.status).toBe(200);
      expect(json.headers.get('content-disposition')).toBe(`attachment; filename="event-${event.code}.json"`);
      expect(json.body.event).toMatchObject({ id: event.event.id, code: event.code });
      expect(json.body.questions.map((question: any) => question.poll.id)).toEqual([choice!.id, text!.id]);
      expect(json.body.questions[0].results).toEqual([
        { option_id: choice!.options[0]!.id, option_text: 'Tea', votes: 0 },
        { option_id: choice!.options[1]!.id, option_text: 'Coffee', votes: 1 },
      ]);
      expect(json.body.questions[0].ballots[0].option_ids).toEqual([choice!.options[1]!.id]);
      expect(json.body.questions[1].ballots[0].answers).toEqual(['=SUM(A1)']);
      const csv = await api('GET', `/api/events/${event.event.id}/export.csv`, { headers: admin(event) });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(
        String(csv.body)
          .replace(/^\uFEFF/, '')
          .split('\r\n'),
      ).toEqual([
        'question,title,kind,option,votes,hidden,held',
        '1,Tea or coffee?,choice,Tea,0,,',
        '1,Tea or coffee?,choice,Coffee,1,,',
        "2,One word for today?,text,'=SUM(A1),1,false,false",
        '',
      ]);
    });
  });

  describe(`following an event live (${mode})`, () => {
    it('sends the state first, then each move and the shown question’s live results', async () => {
      const event = await createEvent([CHOICE, TEXT]);
      const [choice, text] = event.questions;
      const viewer = await follow(event);
      expect(viewer.status).toBe(200);
      await viewer.waitFor((events) => events.length >= 1, 'the first message');
      expect(viewer.events[0]!.event).toBe('event_updated');
      expect(parsed(viewer.events)[0]).toMatchObject({
        type: 'event_updated',
        event_id: event.event.id,
        current: null,
        ended: false,
        question_count: 2,
        question: null,
      });

      await patch(event, { current: 0 });
      await waitForMessage(viewer, (m) => m.type === 'poll_updated' && m.poll_id === choice!.id, 'question 1');
      const afterMove = parsed(viewer.events);
      const moveAt = afterMove.findIndex((m) => m.type === 'event_updated' && m.current === 0);
      expect(afterMove[moveAt]!.question).toMatchObject({ id: choice!.id, title: 'Tea or coffee?' });
      expect(afterMove.findIndex((m) => m.poll_id === choice!.id)).toBeGreaterThan(moveAt);

      await vote(choice!.id, { option_ids: [choice!.options[1]!.id] });
      await waitForMessage(viewer, (m) => m.poll_id === choice!.id && m.total_votes === 1, 'the vote on question 1');

      await patch(event, { current: 1 });
      await waitForMessage(viewer, (m) => m.type === 'poll_updated' && m.poll_id === text!.id, 'question 2');
      await vote(choice!.id, { option_ids: [choice!.options[0]!.id] });
      await vote(text!.id, { answers: ['hello'] });
      await waitForMessage(viewer, (m) => m.poll_id === text!.id && m.total_votes === 1, 'the answer on question 2');
      // Once moved on, the earlier question's votes no longer reach the follower.
      expect(parsed(viewer.events).some((m) => m.poll_id === choice!.id && m.total_votes === 2)).toBe(false);
    });

    it('never shows a follower the counts a question hides, and shows them with the event’s token', async () => {
      const event = await createEvent([HIDDEN]);
      const [hidden] = event.questions;
      const ip = nextVoterIp();
      const viewer = await follow(event, { 'x-forwarded-for': ip });
      const presenter = await follow(event, admin(event));
      await patch(event, { current: 0 });
      await vote(hidden!.id, { option_ids: [hidden!.options[0]!.id] }, ip);
      const counted = (m: Message) => m.poll_id === hidden!.id && m.total_votes === 1 && m.type === 'poll_updated';
      await waitForMessage(viewer, counted, 'the vote, without counts');
      await waitForMessage(presenter, counted, 'the vote, with counts');
      const seen = parsed(viewer.events).filter((m) => m.poll_id === hidden!.id);
      expect(seen.every((m) => m.type === 'poll_updated' && m.results_visible === false)).toBe(true);
      expect(seen.flatMap((m) => m.options.map((option: { count: unknown }) => option.count))).toEqual(
        seen.flatMap((m) => m.options.map(() => null)),
      );
      expect(parsed(presenter.events).find(counted)!.options[0].count).toBe(1);
      const wrong = await openSseStream(`${server.url}/api/events/${event.event.id}/stream`, {
        authorization: 'Bearer nope',
      });
      open.push(wrong);
      expect(wrong.status).toBe(401);
    });

    it('lands a follower who reconnects on the current question, state first', async () => {
      const event = await createEvent([CHOICE, RANKED, TEXT]);
      await patch(event, { current: 1 });
      await patch(event, { current: 2 });
      const first = await follow(event);
      first.close();
      await patch(event, { current: 1 });
      const again = await follow(event, { 'last-event-id': '1' });
      await waitForMessage(again, (m) => m.type === 'poll_updated', 'the question’s snapshot');
      const [state, snapshot] = parsed(again.events);
      expect(state).toMatchObject({ type: 'event_updated', current: 1, question: { id: event.questions[1]!.id } });
      expect(snapshot).toMatchObject({ type: 'poll_updated', poll_id: event.questions[1]!.id, total_votes: 0 });
    });

    it('answers 404 for an unknown event’s stream', async () => {
      const viewer = await openSseStream(`${server.url}/api/events/${crypto.randomUUID()}/stream`);
      open.push(viewer);
      await viewer.waitForEnd();
      expect([viewer.status, JSON.parse(viewer.body).error.code]).toEqual([404, 'not_found']);
    });

    it('follows over the WebSocket too: subscribe_event, moves, results, the end, unsubscribe_event', async () => {
      const event = await createEvent([CHOICE, HIDDEN]);
      const [choice, hidden] = event.questions;
      const socket = await openSocketViewer(server.url);
      open.push(socket);
      socket.send({ type: 'subscribe_event', event_id: event.event.id.toUpperCase() });
      await socket.waitFor((messages) => messages.some((m) => m.type === 'event_updated'), 'the state');
      expect(socket.messages[0]).toMatchObject({ type: 'event_updated', current: null });
      await patch(event, { current: 0 });
      await socket.waitFor((ms) => ms.some((m) => m.poll_id === choice!.id), 'question 1');
      await vote(choice!.id, { option_ids: [choice!.options[0]!.id] });
      await socket.waitFor((ms) => ms.some((m) => m.poll_id === choice!.id && m.total_votes === 1), 'the vote');
      await patch(event, { current: 1 });
      await vote(hidden!.id, { option_ids: [hidden!.options[1]!.id] });
      await socket.waitFor(
        (ms) => ms.some((m) => m.poll_id === hidden!.id && m.type === 'poll_updated' && m.total_votes === 1),
        'the hidden vote',
      );
      const hiddenSeen = socket.messages.filter((m) => m.poll_id === hidden!.id);
      expect(hiddenSeen.every((m) => m.options.every((option: { count: unknown }) => option.count === null))).toBe(
        true,
      );
      await patch(event, { ended: true });
      await socket.waitFor((ms) => ms.some((m) => m.type === 'event_updated' && m.ended), 'the end');

      socket.send({ type: 'subscribe_event', event_id: crypto.randomUUID() });
      await socket.waitFor((ms) => ms.some((m) => m.type === 'error'), 'the refusal');
      expect(socket.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'not_found' });
      socket.send({ type: 'subscribe_event', event_id: event.event.id, admin_token: 'nope' });
      await socket.waitFor((ms) => ms.some((m) => m.code === 'unauthorized'), 'the wrong token');

      socket.send({ type: 'unsubscribe_event', event_id: event.event.id.toUpperCase() });
      socket.send({ type: 'unsubscribe_event', event_id: event.event.id });
      await expect.poll(() => server.pollcast.eventHub.stats().followers, { timeout: 10_000 }).toBe(0);
    });
  });
}
