import net from 'node:net';
import { serveCommands } from '../lib/worker';
import { summarize } from '../lib/stats';

/**
 * Many SSE viewers of one poll in one process, on raw sockets (an HTTP parser per viewer would
 * cost more than the server we measure). Each viewer notes when it first sees each new
 * `total_votes`; the bench later matches those totals to the voter's acknowledgement times.
 * Times are performance.timeOrigin + now(), comparable across processes on one machine.
 */

const now = () => performance.timeOrigin + performance.now();
/** The terminator makes sure a number cut in two by the network is not read half. */
const TOTAL = /"total_votes":(\d+)[,}]/g;

type Viewer = { socket: net.Socket; headerDone: boolean; buffer: string; lastTotal: number; ready: boolean };

let viewers: Viewer[] = [];
let recording = false;
let times = new Float64Array(1 << 16);
let totals = new Float64Array(1 << 16);
let updates = 0;
let events = 0;
let dropped = 0;
let onSettled: (ok: boolean, reason?: string) => void = () => undefined;

function record(total: number, at: number): void {
  if (updates === times.length) {
    const grow = (old: Float64Array) => {
      const next = new Float64Array(old.length * 2);
      next.set(old);
      return next;
    };
    times = grow(times);
    totals = grow(totals);
  }
  times[updates] = at;
  totals[updates] = total;
  updates++;
}

function onData(viewer: Viewer, chunk: string): void {
  const at = now();
  let text = viewer.buffer + chunk;
  if (!viewer.headerDone) {
    const end = text.indexOf('\r\n\r\n');
    if (end === -1) {
      viewer.buffer = text;
      return;
    }
    const head = text.slice(0, end);
    if (!/^HTTP\/1\.1 200/.test(head) || !/^content-type:\s*text\/event-stream/im.test(head)) {
      viewer.socket.destroy();
      onSettled(false, head.split('\r\n')[0] ?? 'no status line');
      return;
    }
    viewer.headerDone = true;
    text = text.slice(end + 4);
  }
  TOTAL.lastIndex = 0;
  let consumed = 0;
  for (let match = TOTAL.exec(text); match; match = TOTAL.exec(text)) {
    consumed = TOTAL.lastIndex;
    const total = Number(match[1]);
    if (!viewer.ready) {
      viewer.ready = true;
      viewer.lastTotal = total;
      onSettled(true);
      continue;
    }
    if (recording) events++;
    if (total > viewer.lastTotal) {
      viewer.lastTotal = total;
      if (recording) record(total, at);
    }
  }
  viewer.buffer = text.slice(Math.max(consumed, text.length - 64));
}

function open(port: number, path: string): void {
  const socket = net.connect({ host: '127.0.0.1', port });
  const viewer: Viewer = { socket, headerDone: false, buffer: '', lastTotal: -1, ready: false };
  viewers.push(viewer);
  socket.setEncoding('latin1');
  socket.on('connect', () =>
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`),
  );
  socket.on('data', (chunk: string) => onData(viewer, chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    if (!viewer.ready) onSettled(false, error.code ?? error.message);
  });
  socket.on('close', () => {
    if (viewer.ready) dropped++;
    else if (!socket.errored) onSettled(false, 'closed before the first event');
    viewer.ready = false;
  });
}

type ConnectInput = { port: number; path: string; count: number; concurrency: number; timeoutMs: number };

function connect({ port, path, count, concurrency, timeoutMs }: ConnectInput) {
  const startedAt = Date.now();
  let launched = 0;
  let ready = 0;
  let failed = 0;
  const reasons: Record<string, number> = {};
  return new Promise<{ ready: number; failed: number; reasons: Record<string, number>; ms: number }>((resolve) => {
    const finish = () => {
      clearTimeout(deadline);
      onSettled = () => undefined;
      resolve({ ready, failed, reasons, ms: Date.now() - startedAt });
    };
    const deadline = setTimeout(finish, timeoutMs);
    const launch = () => {
      while (launched < count && launched - ready - failed < concurrency) {
        launched++;
        open(port, path);
      }
      if (ready + failed >= count) finish();
    };
    onSettled = (ok, reason) => {
      if (ok) ready++;
      else {
        failed++;
        reasons[reason ?? 'unknown'] = (reasons[reason ?? 'unknown'] ?? 0) + 1;
      }
      launch();
    };
    launch();
  });
}

serveCommands({
  connect,
  record: () => {
    updates = 0;
    events = 0;
    dropped = 0;
    recording = true;
  },
  stop: () => {
    recording = false;
    return { updates, events, dropped, open: viewers.filter((v) => v.ready).length };
  },
  /**
   * acks: [total_votes, acknowledged at] pairs from the voter (the earliest ack per total);
   * window: when the voter was sending, for the delivery rate while votes flow.
   */
  analyze: ({ acks, window: [from, to] }: { acks: [number, number][]; window: [number, number] }) => {
    const ackOf = new Map(acks);
    const latencies = new Float64Array(updates);
    let matched = 0;
    let inWindow = 0;
    for (let i = 0; i < updates; i++) {
      if (times[i]! >= from && times[i]! < to) inWindow++;
      const ack = ackOf.get(totals[i]!);
      if (ack !== undefined) latencies[matched++] = times[i]! - ack;
    }
    return {
      deliveriesPerSecond: inWindow / ((to - from) / 1000),
      latency: { ...summarize(latencies.subarray(0, matched)), matched, unmatched: updates - matched },
    };
  },
  close: () => {
    for (const viewer of viewers) viewer.socket.destroy();
    viewers = [];
  },
});
