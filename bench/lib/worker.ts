import readline from 'node:readline';
import { NODE_TS, startProcess, stopProcess, type Started } from './processes';

/**
 * Load processes that the bench steps through (connect, record, report…) speak JSON lines:
 * the bench writes `{id, command, input}` to stdin, the worker answers `{id, result}` or
 * `{id, error}` on stdout. Works through taskset, unlike Node's IPC channel set-up.
 */

type Reply = { id: number; result?: unknown; error?: string };

export type Worker = {
  started: Started;
  call<T>(command: string, input?: unknown, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
};

export function startWorker(name: string, file: string, options: { cpu?: number; args?: string[] } = {}): Worker {
  const started = startProcess(name, [...NODE_TS, file, ...(options.args ?? [])], { cpu: options.cpu, stdio: 'pipe' });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  readline.createInterface({ input: started.child.stdout! }).on('line', (line) => {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    const waiter = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(`${name}: ${reply.error}`));
    else waiter?.resolve(reply.result);
  });
  started.child.once('exit', (code) => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`${name} exited (code ${code})`));
    waiting.clear();
  });
  return {
    started,
    call<T>(command: string, input?: unknown, timeoutMs = 60_000): Promise<T> {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${name}: "${command}" took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        started.child.stdin!.write(`${JSON.stringify({ id, command, input })}\n`);
      });
    },
    stop: () => stopProcess(started, 2_000),
  };
}

/** The worker's side: runs one handler per command, one at a time, in arrival order. */
export function serveCommands(handlers: Record<string, (input: any) => unknown>): void {
  let queue = Promise.resolve();
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const { id, command, input } = JSON.parse(line) as { id: number; command: string; input: unknown };
    queue = queue.then(async () => {
      const handler = handlers[command];
      const reply: Reply = { id };
      try {
        if (!handler) throw new Error(`unknown command ${command}`);
        reply.result = (await handler(input)) ?? null;
      } catch (error) {
        reply.error = error instanceof Error ? error.message : String(error);
      }
      process.stdout.write(`${JSON.stringify(reply)}\n`);
    });
  });
  process.stdin.on('end', () => process.exit(0));
}
