/**
 * Whether webhooks are arriving in a burst: at least `perSecond` in the current or the previous window.
 * Each app has one (`app.arrivals`, 1,000/s). The event processor and the analytics fold give way while
 * it holds (decision 0304): a burst is acknowledged first and processed right after, rather than both
 * competing for the same cores.
 */
export function burstMeter(opts: { perSecond: number; windowMs?: number; now?: () => number }) {
  const windowMs = opts.windowMs ?? 100;
  const now = opts.now ?? (() => performance.now());
  const threshold = Math.max(1, (opts.perSecond * windowMs) / 1000);
  let start = Number.NEGATIVE_INFINITY;
  let current = 0;
  let previous = 0;

  function roll(t: number) {
    if (t - start < windowMs) return;
    // The window just ended counts as "previous" only if it was the one right before this.
    previous = t - start < 2 * windowMs ? current : 0;
    start = t;
    current = 0;
  }

  return {
    /** `n` arrivals now (a worker hears them in counts from the API processes). */
    mark(n = 1) {
      roll(now());
      current += n;
    },
    busy() {
      roll(now());
      return Math.max(current, previous) >= threshold;
    },
  };
}
export type BurstMeter = ReturnType<typeof burstMeter>;

/**
 * The pace of background work while `yieldTo` reports a burst: starts at least `restMs` apart. Outside a
 * burst nothing is held.
 */
export function burstPacer(yieldTo: { busy(): boolean } | undefined, restMs: number) {
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | null = null;
  return {
    busy: () => yieldTo?.busy() ?? false,
    /** Whether a start now would come too soon; if so `retry` runs once the rest is over. */
    hold(retry: () => void): boolean {
      if (!yieldTo?.busy()) return false;
      if (timer) return true;
      const wait = lastStart + restMs - performance.now();
      if (wait <= 0) return false;
      timer = setTimeout(() => {
        timer = null;
        retry();
      }, wait);
      return true;
    },
    started() {
      lastStart = performance.now();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
