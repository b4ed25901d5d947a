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
