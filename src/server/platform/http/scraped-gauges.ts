import client from 'prom-client';

type GaugeSpec = { help: string; labelNames: readonly string[] };
type Log = { warn(obj: object, msg: string): void };

/**
 * Gauges that one read fills at each scrape, plus `<prefix>_scrape_ok`. prom-client collects the metrics
 * of a scrape concurrently, so they share that read. A failed read leaves them empty (no stale figures),
 * sets `_scrape_ok` to 0 and warns: the process's own metrics are still served.
 */
export function scrapedGauges<N extends string>(
  registry: client.Registry,
  log: Log,
  o: {
    prefix: string;
    /** What is read, for `_scrape_ok`'s help and the warning. */
    source: string;
    gauges: Record<N, GaugeSpec>;
    read: (gauges: Record<N, client.Gauge>) => Promise<void>;
  },
) {
  let reading: Promise<void> | null = null;
  const collect = () => {
    reading ??= read().finally(() => {
      reading = null;
    });
    return reading;
  };
  const gauges = Object.fromEntries(
    Object.entries<GaugeSpec>(o.gauges).map(([key, spec]) => [
      key,
      new client.Gauge({
        name: `${o.prefix}_${key}`,
        help: spec.help,
        labelNames: spec.labelNames,
        registers: [registry],
        collect,
      }),
    ]),
  ) as Record<N, client.Gauge>;
  const ok = new client.Gauge({
    name: `${o.prefix}_scrape_ok`,
    help: `1 when ${o.source} was read at this scrape, 0 when it could not be (its figures are then empty)`,
    registers: [registry],
    collect,
  });
  ok.set(0);
  const reset = () => {
    for (const g of Object.values<client.Gauge>(gauges)) g.reset();
  };
  const read = async () => {
    reset();
    try {
      await o.read(gauges);
      ok.set(1);
    } catch (err) {
      reset();
      ok.set(0);
      log.warn({ err }, `metrics: ${o.source} could not be read`);
    }
  };
}
