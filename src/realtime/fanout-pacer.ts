/**
 * The most of the event loop one poll's fan-out may take. Writing every update to a big audience
 * at full rate takes the whole core and votes starve (P3 in docs/BENCHMARKS.md). So after a flush
 * the next one rests in proportion to what the flush cost: big audiences get fewer updates, votes
 * keep a share. 0.6 rather than less: with the flush's whole cost counted (writes deferred to the
 * next tick included), a smaller share still answered every vote but delivered far fewer updates
 * than the raw broadcaster while the core sat partly idle; 0.6 answers every vote and delivers
 * nearly as many (docs/BENCHMARKS.md, history, 2026-11-29).
 */
const FANOUT_LOOP_SHARE = 0.6;

/**
 * When one poll's next fan-out runs: the first change after a quiet spell at once, later ones
 * no sooner than one slot (1 / updatesPerSecond) after the last fan-out began, and never before
 * the poll has rested for its share of the loop. Changes that arrive meanwhile wait for that
 * one fan-out, which sends whatever is newest by then.
 */
export class FanoutPacer {
  private timer?: NodeJS.Timeout;
  private lastStartedAt = 0;
  private lastCostMs = 0;
  private lastEndedAt = 0;

  constructor(
    private readonly slotMs: number,
    private readonly fanOut: () => void,
  ) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** A fan-out is wanted; `skipSlot` (a deleted poll) waits only for the rest, not for the slot. */
  request(skipSlot = false): void {
    if (this.timer && !skipSlot) return;
    this.cancel();
    const rested = this.lastEndedAt + this.lastCostMs * (1 / FANOUT_LOOP_SHARE - 1);
    const wait = Math.max(rested, skipSlot ? 0 : this.lastStartedAt + this.slotMs) - Date.now();
    // Even "at once" goes through a timer, so updates that arrive in the same turn leave as one.
    this.timer = setTimeout(this.run, Math.max(0, wait));
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly run = (): void => {
    this.timer = undefined;
    this.lastStartedAt = Date.now();
    const started = performance.now();
    this.fanOut();
    const settle = () => {
      this.lastCostMs = performance.now() - started;
      this.lastEndedAt = Date.now();
    };
    settle();
    // Writes a transport defers to the next tick (Node's HTTP responses cork per write) are part of
    // the cost: ticks queued during the fan-out run before this one.
    process.nextTick(settle);
  };
}
