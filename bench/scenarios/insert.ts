import { cpuWindow } from '../lib/cpu';
import { cpuPerUnit, type ScenarioResult } from '../lib/result';
import { migratePollcast } from '../lib/servers';
import type { Settings } from '../lib/settings';
import { startWorker } from '../lib/worker';

/**
 * The baseline of PostgreSQL's CPU per vote: a plain 100-row batched INSERT of the rows a vote
 * stores (bench/baselines/insert.ts says exactly which), in a closed loop over a few connections,
 * from a small Node process on the server's CPU. The CPU window's "services" (PostgreSQL and
 * Redis, Redis idle here) over the rows inserted in it gives µs of PostgreSQL CPU per row.
 */

export type InsertContext = { settings: Settings; databaseUrl: string };

const BATCH_ROWS = 100;
const CONNECTIONS = 8;

type RunResult = { statements: number; rows: number; ms: number; rowsPerSecond: number };

export async function measureInsert(ctx: InsertContext): Promise<ScenarioResult> {
  const { settings } = ctx;
  // The scratch tables copy pollcast's own; a fresh bench database has them only once migrated.
  await migratePollcast(settings, ctx.databaseUrl);
  const worker = startWorker('insert-baseline', 'bench/baselines/insert.ts', { cpu: settings.cpus.server });
  let tornDown = false;
  try {
    await worker.call('setup', {
      databaseUrl: ctx.databaseUrl,
      connections: CONNECTIONS,
      batchRows: BATCH_ROWS,
      polls: settings.spreadPolls,
    });
    const call = (durationMs: number) =>
      worker.call<RunResult>('run', { durationMs }, durationMs + settings.drainMs + 10_000);
    const warm = await call(settings.warmupMs);
    const cpu = cpuWindow([worker.started.pid]);
    const measured = await call(settings.loadMs);
    const usage = cpu.end();
    const { rows: stored } = await worker.call<{ rows: number }>('teardown', { databaseUrl: ctx.databaseUrl });
    tornDown = true;
    const inserted = warm.rows + measured.rows;
    const n = (value: number) => value.toLocaleString('en-US');
    return {
      id: 'insert',
      title:
        `plain ${BATCH_ROWS}-row batched INSERT of a vote's rows (ballot + choice, no foreign keys), ` +
        `${CONNECTIONS} connections`,
      status: 'ok',
      value: measured.rowsPerSecond,
      unit: 'rows/s',
      check: {
        ok: stored === inserted,
        text: `inserted ${n(inserted)} ${stored === inserted ? '=' : '≠'} rows ${n(stored)}`,
      },
      cpu: usage,
      cpuPerUnit: cpuPerUnit(usage, measured.rows, 'row'),
      details: { batchRows: BATCH_ROWS, connections: CONNECTIONS, warm, measured },
    };
  } finally {
    // After a failure the scratch tables go too (the bench database is dropped at the end anyway).
    if (!tornDown) await worker.call('teardown', { databaseUrl: ctx.databaseUrl }, 10_000).catch(() => undefined);
    await worker.stop();
  }
}
