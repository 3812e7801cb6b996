import http from 'node:http';
import { summarize } from '../lib/stats';
import { serveCommands } from '../lib/worker';

/**
 * An open-loop load: request i is due at t0 + i/rate and leaves then, whether or not earlier
 * ones were answered, so a slow server does not slow the offered rate. Latency runs from the
 * time a request was DUE, not from when it left: time spent queued, in this process, behind a
 * busy connection or in the server, all counts (no coordinated omission).
 *
 * Requests go over keep-alive HTTP/1.1 connections; when every open one is busy another is
 * opened, up to `maxConnections`, past which requests wait for a free one (their latency still
 * counting). Votes are built as bench/load/votes.lua builds them: POST /api/polls/{id}/vote,
 * `{"option_id":"…"}`, every request a new voter (X-Forwarded-For ipBase + i); here the poll is
 * picked at random among the polls given, and the option at random among its options.
 *
 * Worker command (bench/lib/worker.ts): run → counts, statuses, exact percentiles.
 */

type RunInput = {
  port: number;
  /** Requests per second offered. */
  rate: number;
  /** How long requests are offered; answers are then awaited for up to drainMs more. */
  durationMs: number;
  drainMs: number;
  maxConnections: number;
  target: { getPath: string } | { polls: { id: string; optionIds: string[] }[]; ipBase: number };
};

function voterAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function run({ port, rate, durationMs, drainMs, maxConnections, target }: RunInput) {
  if (!(rate > 0) || !(durationMs > 0)) throw new Error(`bad rate ${rate}/s or duration ${durationMs} ms`);
  const total = Math.floor((durationMs * rate) / 1000);
  if ('polls' in target && (target.polls.length === 0 || total > 0x1000000))
    throw new Error('votes need polls and at most 2^24 voters per run');
  const interval = 1000 / rate;
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxConnections, maxFreeSockets: maxConnections });
  const latencies = new Float64Array(total);
  /** How late each request actually left (this process's own lag), to tell when the tool could not keep up. */
  const lateness = new Float64Array(total);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  let responses = 0;
  /** Every connection the agent handed out so far; one not seen before is one it just opened. */
  const seen = new WeakSet<object>();
  let connectionsOpened = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastAnswerAt = 0;

  const count = (status: string) => (statuses[status] = (statuses[status] ?? 0) + 1);

  const send = (i: number, dueAt: number) => {
    let path: string;
    let body: string | undefined;
    const headers: Record<string, string | number> = {};
    if ('getPath' in target) path = target.getPath;
    else {
      const poll = target.polls[Math.floor(Math.random() * target.polls.length)]!;
      const option = poll.optionIds[Math.floor(Math.random() * poll.optionIds.length)]!;
      path = `/api/polls/${poll.id}/vote`;
      body = `{"option_id":"${option}"}`;
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
      headers['X-Forwarded-For'] = voterAddress(target.ipBase + i);
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      inFlight--;
      answered++;
      lastAnswerAt = performance.now();
      return true;
    };
    const request = http.request(
      { agent, host: '127.0.0.1', port, method: body === undefined ? 'GET' : 'POST', path, headers },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (!settle()) return;
          latencies[responses++] = lastAnswerAt - dueAt;
          count(String(response.statusCode));
        });
      },
    );
    request.on('socket', (socket) => {
      if (seen.has(socket)) return;
      seen.add(socket);
      connectionsOpened++;
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (settle()) count(error.code ?? 'error');
    });
    request.end(body);
  };

  return new Promise((resolve) => {
    const startedAt = performance.now();
    const finish = () => {
      agent.destroy();
      const sentLateness = summarize(lateness.subarray(0, sent), { p999: true });
      resolve({
        rate,
        sent,
        answered,
        /** Requests without any answer when the drain time ran out. */
        unanswered: sent - answered,
        ok: statuses['200'] ?? 0,
        statuses,
        /** 200s per second of offered load. */
        perSecond: (statuses['200'] ?? 0) / (durationMs / 1000),
        /** Due time → response fully read, of every HTTP response (any status), exact percentiles. */
        latency: summarize(latencies.subarray(0, responses), { p999: true }),
        /** How late requests left this process (its own lag, already inside the latencies), ms. */
        lateness: { p50: sentLateness.p50, p99: sentLateness.p99, max: sentLateness.max },
        connectionsOpened,
        maxInFlight,
        lastAnswerMs: answered > 0 ? lastAnswerAt - startedAt : 0,
      });
    };
    const drain = () => {
      // Bounded: every answer is in, or the drain time is up (the rest are reported unanswered).
      if (answered === sent || performance.now() > startedAt + durationMs + drainMs) finish();
      else setTimeout(drain, 5);
    };
    const tick = () => {
      const now = performance.now();
      // Every request due by now leaves now, each timed from its own due time.
      while (sent < total && startedAt + sent * interval <= now) {
        const dueAt = startedAt + sent * interval;
        lateness[sent] = now - dueAt;
        send(sent, dueAt);
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, startedAt + sent * interval - performance.now()));
      else drain();
    };
    tick();
  });
}

serveCommands({ run });
