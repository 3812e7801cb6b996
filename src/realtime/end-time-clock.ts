const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One watched poll's end time, and one timer for it while the poll is open. Reaching the end
 * time changes no row, so no update comes over the bus: this timer is how viewers learn it.
 * Updates on the bus do not carry the end time, so after a close, reopen or reschedule (from any
 * instance) it is unknown until `reread` brings it back through `learn`.
 */
export class EndTimeClock {
  /** The end time (`null`: none) as of which seq; `undefined` while it is being read again. */
  private known?: { at: number | null | undefined; seq: number };
  private timer?: NodeJS.Timeout;
  private due?: number;

  constructor(
    private readonly hooks: {
      /** Whether the poll's newest state is open: a closed poll needs no timer. */
      isOpen(): boolean;
      /** Reads the poll again; its answer comes back through `learn`. */
      reread(): void;
      /** The end time of the open poll passed. */
      passed(): void;
    },
  ) {}

  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** The end time the database had at `seq`; a read older than what is known is ignored. */
  learn(seq: number, at: number | null): void {
    if (!this.known || seq >= this.known.seq) this.known = { at, seq };
  }

  /** The poll was closed, reopened or rescheduled at `seq`: read its end time again. */
  changed(seq: number): void {
    this.known = { at: undefined, seq };
    this.hooks.reread();
  }

  /** True once a known end time is behind us. */
  hasPassed(): boolean {
    const at = this.known?.at;
    return typeof at === 'number' && Date.now() >= at;
  }

  /** Keeps the timer set for the end time while the poll is open; calls `passed` at once if it is due. */
  arm(): void {
    const at = this.known?.at;
    const due = typeof at === 'number' && this.hooks.isOpen() ? at : undefined;
    if (due !== undefined && this.timer && this.due === due) return;
    this.stop();
    if (due === undefined) return;
    const wait = due - Date.now();
    if (wait <= 0) {
      this.hooks.passed();
      return;
    }
    this.due = due;
    // Timers may fire a little early or be capped; arming again re-checks the clock.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.arm();
      },
      Math.min(wait + 1, MAX_TIMER_MS),
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = undefined;
  }
}
