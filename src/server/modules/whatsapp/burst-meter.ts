/**
 * Whether webhooks are arriving in a burst: at least `perSecond` in the current or the previous window.
 * The event processor gives way while this holds (decision 0304): a burst is acknowledged first and
 * processed right after, rather than both competing for the same cores.
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
    mark() {
      roll(now());
      current++;
    },
    busy() {
      roll(now());
      return Math.max(current, previous) >= threshold;
    },
  };
}
export type BurstMeter = ReturnType<typeof burstMeter>;
