import http from 'node:http';

/**
 * The same-run baseline for fan-out: a minimal raw-Node SSE server on pollcast's paths. Votes
 * only bump an in-memory total (no database); updates go to every viewer under the policy
 * pollcast follows (docs/REALTIME.md, "Coalescing"): the first at once, then at most
 * `updatesPerSecond`, latest wins. Events: `PATCH /api/events/…` with `{current, question_count, question}` sends
 * that `event_updated` to every follower at once, then answers; the bench sends pollcast's own
 * question, so both servers send the same bytes.
 */

const port = Number(process.argv[2]);
const updatesPerSecond = Number(process.argv[3]);
const viewers = new Set<http.ServerResponse>();
const followers = new Set<http.ServerResponse>();
let eventSeq = 0;
let eventState = eventUpdated({ current: null, question_count: 0, question: null });
let total = 0;
let seq = 0;
let lastSentAt = -Infinity;
let pending: NodeJS.Timeout | undefined;

function snapshot(): string {
  const data = { poll_id: 'baseline', options: [{ id: 'a', count: total }], total_votes: total, is_active: true };
  return `id: ${seq}\nevent: poll_updated\ndata: ${JSON.stringify(data)}\n\n`;
}

function broadcast(): void {
  pending = undefined;
  lastSentAt = performance.now();
  const message = snapshot();
  for (const viewer of viewers) viewer.write(message);
}

function scheduleBroadcast(): void {
  if (pending) return;
  const wait = lastSentAt + 1000 / updatesPerSecond - performance.now();
  if (wait <= 0) broadcast();
  else pending = setTimeout(broadcast, wait);
}

type Move = { current: number | null; question_count: number; question: unknown };

function eventUpdated({ current, question_count, question }: Move): string {
  eventSeq++;
  const data = {
    type: 'event_updated',
    event_id: 'baseline',
    seq: eventSeq,
    current,
    ended: false,
    question_count,
    question,
  };
  return `event: event_updated\ndata: ${JSON.stringify(data)}\n\n`;
}

http
  .createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/api/events/') && url.endsWith('/stream')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform' });
      res.write(eventState);
      followers.add(res);
      req.on('close', () => followers.delete(res));
      return;
    }
    if (req.method === 'PATCH' && url.startsWith('/api/events/')) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        eventState = eventUpdated(JSON.parse(body) as Move);
        for (const follower of followers) follower.write(eventState);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
      return;
    }
    if (req.method === 'GET' && url.endsWith('/stream')) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform' });
      res.write(snapshot());
      viewers.add(res);
      req.on('close', () => viewers.delete(res));
      return;
    }
    if (req.method === 'POST' && url.endsWith('/vote')) {
      req.resume();
      req.on('end', () => {
        total++;
        seq++;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ success: true, counted: true, new_counts: { total_votes: total, options: [] } }));
        scheduleBroadcast();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"status":"ok"}');
  })
  .listen(port, '127.0.0.1');
