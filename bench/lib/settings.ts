import os from 'node:os';

/** How long and how hard each scenario runs; `--quick` is a smoke run, not a measurement. */

export type Settings = {
  quick: boolean;
  /** taskset layout: load tools on one CPU, the server under test on another; undefined = free. */
  cpus: { load?: number; server?: number };
  connections: number;
  warmupMs: number;
  loadMs: number;
  /** After the load stops, the most time left for answers in flight (wrk stops once all are in). */
  drainMs: number;
  spreadPolls: number;
  viewers: number;
  viewerConnectTimeoutMs: number;
  /** Idle time after viewers connect, before memory is read. */
  settleMs: number;
  fanoutVotesPerSecond: number;
  fanoutMs: number;
  liveUpdatesPerSecond: number;
  /** P5: how often the presenter moves, and the pause between moves. */
  eventMoves: number;
  eventMoveGapMs: number;
  /** Whole-run limit: past it every process is killed and the database dropped. */
  timeLimitMs: number;
  workDir: string;
  profileDir?: string;
};

export function settingsFor(options: { quick: boolean; pin: boolean; workDir: string; profileDir?: string }): Settings {
  const pin = options.pin && os.cpus().length >= 2;
  const common = {
    quick: options.quick,
    cpus: pin ? { load: 0, server: 1 } : {},
    connections: 64,
    spreadPolls: 100,
    fanoutVotesPerSecond: 1000,
    liveUpdatesPerSecond: 4,
    eventMoves: 10,
    workDir: options.workDir,
    profileDir: options.profileDir,
  };
  if (options.quick) {
    return {
      ...common,
      warmupMs: 500,
      loadMs: 2_000,
      drainMs: 15_000,
      viewers: 500,
      viewerConnectTimeoutMs: 20_000,
      settleMs: 500,
      fanoutMs: 2_000,
      eventMoveGapMs: 300,
      timeLimitMs: 5 * 60_000,
    };
  }
  return {
    ...common,
    warmupMs: 5_000,
    loadMs: 15_000,
    drainMs: 30_000,
    viewers: 10_000,
    viewerConnectTimeoutMs: 180_000,
    settleMs: 3_000,
    fanoutMs: 15_000,
    eventMoveGapMs: 1_500,
    timeLimitMs: 20 * 60_000,
  };
}

let nextBlock = 11;
/** A fresh /8 of voter addresses (11.0.0.0, 12.0.0.0, …) per load run: no voter ever repeats. */
export function voterBlock(): number {
  if (nextBlock >= 127) throw new Error('out of voter address blocks');
  return nextBlock++ * 0x1000000;
}
