import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * A JSON answer written straight on Node's response, for what is answered without Hono: the
 * direct vote (direct-vote.ts) and our server's own refusals and metrics errors (src/server).
 * `headers` come after the two every JSON answer has.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** The same for a body already written as JSON text. */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  json: string,
  headers: OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}
