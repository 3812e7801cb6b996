import crypto from 'node:crypto';
import http from 'node:http';

/**
 * The same-run measure of what Node's HTTP costs a vote before pollcast does anything: wrk's P1
 * requests (bench/load/votes.lua), each body read and parsed as JSON, answered from memory with
 * the headers and the size of body pollcast's direct vote (src/api/direct-vote.ts) sends to a new
 * voter (a Set-Cookie, the JSON type and length, nosniff, no-store; four options' counts). Each
 * answer waits `waitMs` first, on a timer, as a vote waits for its gate and batch: with wrk's
 * closed loop the requests then arrive at P1's rate and in bursts like P1's, which is what Node's
 * per-request CPU depends on (at hello-world's rate one wake-up serves many requests; at P1's, far
 * fewer).
 *
 * Usage: vote-reply.ts <port> <waitMs>
 */

const port = Number(process.argv[2]);
const waitMs = Number(process.argv[3]);

const option = (count: number) => ({ id: crypto.randomUUID(), count });
const answer = JSON.stringify({
  success: true,
  counted: true,
  new_counts: { total_votes: 1234, options: [option(300), option(301), option(302), option(331)] },
  results_visible: true,
});
// A cookie of the shape and length pollcast gives a new browser: its id, then a 22-character tag.
const cookie = `pollcast_voter=${crypto.randomUUID()}.${'t'.repeat(22)}; HttpOnly; SameSite=Lax; Path=/; Max-Age=31536000`;

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let ballot: { option_id?: unknown } | undefined;
      try {
        ballot = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { option_id?: unknown };
      } catch {
        ballot = undefined;
      }
      if (typeof ballot?.option_id !== 'string') {
        res.writeHead(400, { 'content-length': 0 });
        res.end();
        return;
      }
      setTimeout(() => {
        res.writeHead(200, {
          'set-cookie': cookie,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(answer),
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-store',
        });
        res.end(answer);
      }, waitMs);
    });
  })
  .listen(port, '127.0.0.1');
