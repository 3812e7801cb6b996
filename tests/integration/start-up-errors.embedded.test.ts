import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { PollcastExited, startPollcastProcess, type PollcastProcess } from '../support/pollcast-process';

/**
 * What `npm start` prints when it cannot start for a reason the person starting it can fix: one
 * plain message naming what to change, and no stack trace to read past.
 */

const running: PollcastProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
});

async function failedStart(options: Parameters<typeof startPollcastProcess>[0]): Promise<PollcastExited> {
  const outcome = await startPollcastProcess(options).then(
    (server) => {
      running.push(server);
      return server;
    },
    (error: unknown) => error,
  );
  if (!(outcome instanceof PollcastExited)) throw new Error(`expected pollcast to exit, got ${String(outcome)}`);
  return outcome;
}

const linesOf = (failure: PollcastExited) => failure.output.trimEnd().split('\n');

describe('start-up errors', () => {
  it('refuses a second pollcast on the same DATA_DIR in one line, naming the directory and its holder', async () => {
    const first = await startPollcastProcess();
    running.push(first);
    const second = await failedStart({ dataDir: first.dataDir });
    expect(second.exitCode).toBe(1);
    expect(linesOf(second)).toHaveLength(1);
    expect(linesOf(second)[0]).toMatch(
      new RegExp(
        `^pollcast: DATA_DIR ${first.dataDir} is in use by process ${first.pid} since .*; stop it or choose another DATA_DIR$`,
      ),
    );
  }, 90_000);

  it('names PORT and what it must be when it is not a port number', async () => {
    for (const value of ['abc', '70000']) {
      const failure = await failedStart({ env: { PORT: value } });
      expect(failure.exitCode).toBe(2);
      expect(linesOf(failure)).toEqual([
        'pollcast: invalid configuration',
        `  PORT: must be a port number, a whole number from 0 to 65535 (got "${value}")`,
      ]);
    }
  });

  it('says which PORT is taken when another program listens on it', async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as net.AddressInfo;
    try {
      const failure = await failedStart({ env: { PORT: String(port) } });
      expect(failure.exitCode).toBe(1);
      // Next printed its own notice while it started, before the port was tried.
      expect(linesOf(failure).at(-1)).toBe(
        `pollcast: PORT ${port} is in use on 127.0.0.1: stop what uses it or choose another PORT`,
      );
      expect(failure.output).not.toMatch(/^\s+at /m);
      expect(failure.output).not.toContain('EADDRINUSE');
    } finally {
      other.close();
    }
  }, 90_000);
});
