import net from 'node:net';
import { now } from '../lib/processes';
import { serveCommands } from '../lib/worker';
import { summarize } from '../lib/stats';

/**
 * Many SSE viewers in one process, on raw sockets (an HTTP parser per viewer would cost more than
 * the server we measure). A viewer watches one number and notes when it first sees each new value:
 * a poll's `total_votes` (`total`, which only grows), or the question an event shows (`current`,
 * which the presenter moves; waiting reads as -1). The bench later matches those values to the
 * times the votes were acknowledged or the moves sent. Times are performance.timeOrigin + now(),
 * comparable across processes on one machine.
 */

/** The terminators make sure a number cut in two by the network is not read half. */
const WATCHED = {
  total: /"total_votes":(\d+)[,}]/g,
  current: /"type":"event_updated"[^\n]*?"current":(\d+|null)[,}]/g,
};
type Watch = keyof typeof WATCHED;
let watch: Watch = 'total';

type Viewer = {
  socket: net.Socket;
  headerDone: boolean;
  buffer: string;
  last: number;
  ready: boolean;
  /** New values seen while recording. */
  changes: number;
};

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
  const pattern = WATCHED[watch];
  pattern.lastIndex = 0;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    consumed = pattern.lastIndex;
    const value = match[1] === 'null' ? -1 : Number(match[1]);
    if (!viewer.ready) {
      viewer.ready = true;
      viewer.last = value;
      onSettled(true);
      continue;
    }
    if (recording) events++;
    if (watch === 'total' ? value > viewer.last : value !== viewer.last) {
      viewer.last = value;
      if (recording) {
        viewer.changes++;
        record(value, at);
      }
    }
  }
  viewer.buffer = text.slice(Math.max(consumed, text.length - 64));
}

function open(port: number, path: string): void {
  const socket = net.connect({ host: '127.0.0.1', port });
  const viewer: Viewer = { socket, headerDone: false, buffer: '', last: -1, ready: false, changes: 0 };
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

type ConnectInput = {
  port: number;
  path: string;
  count: number;
  concurrency: number;
  timeoutMs: number;
  watch?: Watch;
};

function connect({ port, path, count, concurrency, timeoutMs, watch: watched = 'total' }: ConnectInput) {
  watch = watched;
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
    for (const viewer of viewers) viewer.changes = 0;
    recording = true;
  },
  /** `changes`: how many connected viewers saw how many new values while recording (dropped ones included). */
  stop: () => {
    recording = false;
    const changes: Record<number, number> = {};
    for (const viewer of viewers) {
      if (viewer.headerDone) changes[viewer.changes] = (changes[viewer.changes] ?? 0) + 1;
    }
    return { updates, events, dropped, open: viewers.filter((v) => v.ready).length, changes };
  },
  /**
   * acks: [value, at] pairs: a total_votes and when its vote was first acknowledged, or a question
   * and when the move to it was sent; window: when the load ran, for the delivery rate.
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
