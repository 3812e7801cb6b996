import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * A JSON answer written straight on Node's response, for what is answered without Hono: the
 * vote door (vote-door.ts) and our server's own refusals and metrics errors (src/server).
 * `headers` come after the two every JSON answer has.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}
