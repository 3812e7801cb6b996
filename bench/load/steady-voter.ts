import http from 'node:http';
import { now } from '../lib/processes';
import { serveCommands } from '../lib/worker';
import { summarize } from '../lib/stats';

/**
 * Votes at a steady rate (open loop: a slow server does not slow the offered rate), each from a
 * new voter, and notes when each `new_counts.total_votes` was first acknowledged, on the same
 * clock as the viewers (performance.timeOrigin + now()).
 */

type VoteInput = {
  port: number;
  pollId: string;
  optionIds: string[];
  rate: number;
  durationMs: number;
  ipBase: number;
  connections: number;
};

function voterAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function vote({ port, pollId, optionIds, rate, durationMs, ipBase, connections }: VoteInput) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const acks = new Map<number, number>();
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let answered = 0;
  let lastAnswerAt = 0;
  const startedAt = now();

  const send = () => {
    const body = JSON.stringify({ option_id: optionIds[sent % optionIds.length] });
    const ip = voterAddress(ipBase + sent);
    sent++;
    const sentAt = now();
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/polls/${pollId}/vote`,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-Forwarded-For': ip,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const at = now();
          answered++;
          lastAnswerAt = at;
          const status = String(response.statusCode);
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(at - sentAt);
          if (response.statusCode !== 200) return;
          const total = (JSON.parse(text) as { new_counts: { total_votes: number } }).new_counts.total_votes;
          if (!acks.has(total)) acks.set(total, at);
        });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      answered++;
      statuses[error.code ?? 'error'] = (statuses[error.code ?? 'error'] ?? 0) + 1;
    });
    request.end(body);
  };

  return new Promise((resolve) => {
    const ticker = setInterval(() => {
      const elapsed = now() - startedAt;
      const due = Math.floor((Math.min(elapsed, durationMs) * rate) / 1000);
      while (sent < due) send();
      if (elapsed < durationMs + 10_000 && answered < sent) return;
      if (elapsed < durationMs) return;
      clearInterval(ticker);
      agent.destroy();
      resolve({
        sent,
        /** Votes still without an answer when the voter gave up waiting (10 s after the last). */
        unanswered: sent - answered,
        ok: statuses['200'] ?? 0,
        statuses,
        /** Acknowledged votes per second, until the last answer came (a backlog stretches it). */
        perSecond: (statuses['200'] ?? 0) / (Math.max(lastAnswerAt - startedAt, durationMs) / 1000),
        /** When votes were being sent, on the shared clock. */
        window: [startedAt, startedAt + durationMs],
        latency: summarize(latencies),
        acks: [...acks],
      });
    }, 2);
  });
}

serveCommands({ vote });
