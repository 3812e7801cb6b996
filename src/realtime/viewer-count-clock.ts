import type { ViewerCounts } from '../adapters/viewer-counts/viewer-counts';

/** How often an instance reports its viewers and learns the totals; frames carry a new count at most this often. */
const VIEWER_COUNT_MS = 1_000;

/**
 * Runs the exchange while polls are watched here: the next one starts a full period after the
 * previous one answered, so totals change at most once per period whatever Redis's latency.
 * When the exchange fails (Redis is away) each poll gets the count of this instance alone.
 */
export class ViewerCountClock {
  private timer?: NodeJS.Timeout;
  private exchanging = false;
  private wanted = false;

  constructor(
    private readonly counts: ViewerCounts,
    private readonly here: () => ReadonlyMap<string, number>,
    private readonly take: (totals: ReadonlyMap<string, number>) => void,
    private readonly everyMs = VIEWER_COUNT_MS,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.wanted = true;
    if (this.timer || this.exchanging) return;
    this.timer = setTimeout(this.tick, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    this.wanted = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    const here = this.here();
    this.exchanging = true;
    this.counts
      .exchange(here)
      .catch(() => here)
      .then((totals) => {
        this.exchanging = false;
        this.take(totals);
        if (this.wanted) this.start();
      });
  };
}
