import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FanoutPacer } from './fanout-pacer';

/** Fake timers and Date; the cost of a fan-out is real time, spent by the fan-out itself. */

function spend(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('FanoutPacer', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('runs the first fan-out at once, then one per slot however often it is asked', () => {
    const runs: number[] = [];
    const pacer = new FanoutPacer(100, () => runs.push(Date.now()));
    const start = Date.now();
    pacer.request();
    vi.advanceTimersByTime(0);
    for (let i = 0; i < 5; i++) pacer.request();
    vi.advanceTimersByTime(99);
    expect(runs).toEqual([start]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start, start + 100]);
    expect(pacer.pending).toBe(false);
  });

  it('rests after a costly fan-out, so the rest of the loop keeps most of the time', () => {
    const runs: number[] = [];
    const pacer = new FanoutPacer(10, () => {
      runs.push(Date.now());
      if (runs.length === 1) spend(30);
    });
    pacer.request();
    vi.advanceTimersByTime(0);
    pacer.request();
    // 30 ms of fan-out may be at most 60% of the loop: the next waits at least 20 ms, not one 10 ms slot.
    vi.advanceTimersByTime(19);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(runs).toHaveLength(2);
  });

  it('counts the writes a transport defers to the next tick as part of the fan-out', async () => {
    const runs: number[] = [];
    const pacer = new FanoutPacer(10, () => {
      runs.push(Date.now());
      // Node's HTTP responses cork each write and send it on the next tick.
      if (runs.length === 1) process.nextTick(() => spend(30));
    });
    pacer.request();
    vi.advanceTimersByTime(0);
    await new Promise((resolve) => process.nextTick(resolve));
    pacer.request();
    vi.advanceTimersByTime(19);
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(runs).toHaveLength(2);
  });

  it('skips the slot when asked (a deleted poll), and cancels cleanly', () => {
    const runs: number[] = [];
    const pacer = new FanoutPacer(1_000, () => runs.push(Date.now()));
    pacer.request();
    vi.advanceTimersByTime(0);
    pacer.request();
    pacer.request(true);
    // Far less than the 1,000 ms slot; the rest after a flush is its real cost × 0.67, a few ms at most.
    vi.advanceTimersByTime(100);
    expect(runs).toHaveLength(2);
    pacer.request();
    pacer.cancel();
    vi.advanceTimersByTime(5_000);
    expect(runs).toHaveLength(2);
  });
});
