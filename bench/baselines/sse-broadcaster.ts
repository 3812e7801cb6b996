import http from 'node:http';

/**
 * The same-run baseline for fan-out: a minimal raw-Node SSE server on pollcast's paths. Votes
 * only bump an in-memory total (no database); updates go to every viewer under the policy
 * pollcast follows (docs/REALTIME.md, "Coalescing"): the first at once, then at most
 * `updatesPerSecond`, latest wins.
 */

const port = Number(process.argv[2]);
const updatesPerSecond = Number(process.argv[3]);
const viewers = new Set<http.ServerResponse>();
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

http
  .createServer((req, res) => {
    const url = req.url ?? '/';
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
