import fs from 'node:fs';
import os from 'node:os';

/**
 * Where the CPU went during a measurement, in cores: the server under test, its load tools,
 * the shared PostgreSQL and Redis servers, and everything else. "Other" well above zero means
 * the machine was busy with something else and the numbers are noisy.
 */

export type CpuUsage = {
  busy: number;
  server: number;
  load: number;
  services: number;
  other: number;
  /** How long the window lasted: cores × seconds is the CPU time used in it. */
  seconds: number;
};

const TICKS_PER_SECOND = 100;

function machineTicks(): { busy: number; total: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime + stime of one process (all its threads), or undefined once it has gone. */
function processTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Nanoseconds one process (all its threads) has run on a CPU, from the scheduler's own count:
 * finer than utime + stime's 10 ms ticks, so short windows can be compared. Undefined once it has gone.
 */
export function processCpuNs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const thread of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        /* the thread ended meanwhile */
      }
    }
    return ns;
  } catch {
    return undefined;
  }
}

function servicePids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm.startsWith('redis-server')) pids.push(Number(entry));
    } catch {
      /* the process ended meanwhile */
    }
  }
  return pids;
}

/**
 * Starts a window; end() gives the average cores used since, split by who used them. Processes
 * are sampled every 250 ms so one that exits before end() (the load tool) still counts.
 */
export type CpuWindow = { addLoad(pid: number): void; end(): CpuUsage };

export function cpuWindow(serverPids: number[], loadPids: number[] = []): CpuWindow {
  const load = [...loadPids];
  const services = servicePids();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = () => {
    for (const pid of [...serverPids, ...load, ...services]) {
      const ticks = processTicks(pid);
      if (ticks === undefined) continue;
      if (!first.has(pid)) first.set(pid, ticks);
      last.set(pid, ticks);
    }
  };
  sample();
  const startMachine = machineTicks();
  const startedAt = performance.now();
  const sampler = setInterval(sample, 250);
  return {
    addLoad(pid) {
      load.push(pid);
    },
    end() {
      clearInterval(sampler);
      sample();
      const seconds = (performance.now() - startedAt) / 1000;
      const machine = machineTicks();
      const used = (pids: number[]) =>
        pids.reduce((total, pid) => total + (last.get(pid) ?? 0) - (first.get(pid) ?? 0), 0) /
        TICKS_PER_SECOND /
        seconds;
      const busy =
        ((machine.busy - startMachine.busy) / Math.max(machine.total - startMachine.total, 1)) * os.cpus().length;
      const usage = { server: used(serverPids), load: used(load), services: used(services) };
      const round = (n: number) => Math.round(n * 100) / 100;
      return {
        busy: round(busy),
        server: round(usage.server),
        load: round(usage.load),
        services: round(usage.services),
        other: round(Math.max(0, busy - usage.server - usage.load - usage.services)),
        seconds: Math.round(seconds * 1000) / 1000,
      };
    },
  };
}
