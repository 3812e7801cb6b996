import http from 'node:http';

/** The same-run baseline for request rates: the least work a Node HTTP server can do per request. */

const body = Buffer.from(JSON.stringify({ hello: 'world' }));
const port = Number(process.argv[2]);

http
  .createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  })
  .listen(port, '127.0.0.1');
