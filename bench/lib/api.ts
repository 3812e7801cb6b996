import http from 'node:http';
import type { PollTarget } from './wrk';

/** The few pollcast API calls the bench makes itself, outside the measured load. */

/** Creates `count` polls of four options (none for text polls), a few at a time, with the poll settings given (defaults otherwise). */
export async function createPolls(
  baseUrl: string,
  count: number,
  label: string,
  settings: Record<string, unknown> = {},
): Promise<PollTarget[]> {
  const polls: PollTarget[] = [];
  for (let first = 0; first < count; first += 8) {
    const batch = Array.from({ length: Math.min(8, count - first) }, (_, i) =>
      createPoll(baseUrl, `${label} ${first + i + 1}`, settings),
    );
    polls.push(...(await Promise.all(batch)));
  }
  return polls;
}

async function createPoll(baseUrl: string, title: string, settings: Record<string, unknown>): Promise<PollTarget> {
  const response = await fetch(`${baseUrl}/api/polls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '192.0.2.1' },
    // An open-text poll takes no options: its voters write their answers.
    body: JSON.stringify({
      title: `bench ${title}`,
      ...(settings.kind === 'text' ? {} : { options: ['red', 'green', 'blue', 'yellow'] }),
      ...settings,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { id?: string; options?: { id: string }[] };
  if (response.status !== 201 || !body.id || !body.options) {
    throw new Error(`creating a poll at ${baseUrl} failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return { id: body.id, optionIds: body.options.map((o) => o.id) };
}

/** Whether GET /api/polls/{id}/stream answers as an event stream (it may not exist yet). */
export function hasStreamEndpoint(port: number, pollId: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: '127.0.0.1', port, path: `/api/polls/${pollId}/stream`, headers: { Accept: 'text/event-stream' } },
      (response) => {
        const ok =
          response.statusCode === 200 && /^text\/event-stream/.test(String(response.headers['content-type'] ?? ''));
        request.destroy();
        resolve(ok);
      },
    );
    request.setTimeout(5_000, () => {
      request.destroy();
      resolve(false);
    });
    request.on('error', () => resolve(false));
  });
}

export type BenchEvent = { id: string; adminToken: string; questions: unknown[] };

/** Creates an event of `count` questions, cycling through the three kinds, waiting for its first move. */
export async function createEvent(baseUrl: string, count: number): Promise<BenchEvent> {
  const kinds = [
    { options: ['red', 'green', 'blue', 'yellow'] },
    { kind: 'ranked', options: ['a', 'b', 'c'] },
    { kind: 'text' },
  ];
  const questions = Array.from({ length: count }, (_, i) => ({ title: `bench question ${i + 1}`, ...kinds[i % 3] }));
  const response = await fetch(`${baseUrl}/api/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '192.0.2.1' },
    body: JSON.stringify({ title: 'bench event', questions }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { event?: { id: string }; admin_token?: string; questions?: unknown[] };
  if (response.status !== 201 || !body.event || !body.admin_token || !body.questions) {
    throw new Error(`creating an event at ${baseUrl} failed: ${response.status} ${JSON.stringify(body)}`);
  }
  return { id: body.event.id, adminToken: body.admin_token, questions: body.questions };
}
