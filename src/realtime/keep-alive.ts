import type { ViewerChannel } from './viewer-channel';

/**
 * One timer for every viewer of the instance, running only while there are viewers: proxies
 * close a stream that stays silent too long, and a quiet poll sends nothing for minutes.
 */
export class KeepAlive {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly everyMs: number,
    private readonly channels: () => Iterable<ViewerChannel>,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A congested socket is not idle: it is still writing, and a beat would only queue.
      for (const channel of this.channels()) if (!channel.congested) channel.keepAlive?.();
    }, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
