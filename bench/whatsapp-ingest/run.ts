import { createTestDatabase } from '../../test/helpers/db.js';
import { percentile } from '../percentile.js';
import { measureBaseline } from './baseline.js';
import { measureIngest, type Shape } from './ingest.js';

export type BenchOptions = {
  count: number;
  concurrency: number;
  phones: number;
  warmup: number;
  baselineSeconds: number;
  shape: Shape;
};

/** Both figures against one fresh PostgreSQL database, in one run, so the ratio compares like with like. */
export async function runIngestBench(o: BenchOptions) {
  process.env.TEST_DATABASE_URL ??=
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await createTestDatabase();
  try {
    const baseline = await measureBaseline(database.url as string, {
      seconds: o.baselineSeconds,
      clients: o.concurrency,
    });
    const ingest = await measureIngest(database, o);
    return { ingest, baseline, ratio: ingest.perSecond / baseline.perSecond };
  } finally {
    await database.drop();
  }
}

type Run = Awaited<ReturnType<typeof runIngestBench>>;

const SHAPES: Record<Shape, string> = {
  single: 'one process',
  split: 'API process + worker process',
};

const line = (r: Run) =>
  `${SHAPES[r.ingest.shape]}: ${r.ingest.perSecond.toFixed(0)} webhooks/s (p50 ${r.ingest.p50Ms.toFixed(1)} ms, p99 ${r.ingest.p99Ms.toFixed(1)} ms, ${r.ingest.errors} errors, ${r.ingest.count} in ${r.ingest.seconds.toFixed(1)} s, load by ${r.ingest.tool}, server CPU ${r.ingest.serverCpuUsPerWebhook.toFixed(0)} µs/webhook, all processed after ${r.ingest.drainSeconds.toFixed(1)} s) | bare intake ${r.ingest.bare.perSecond.toFixed(0)} webhooks/s (p99 ${r.ingest.bare.p99Ms.toFixed(1)} ms, ${(r.ingest.bare.perSecond / r.baseline.perSecond).toFixed(2)}x) | baseline ${r.baseline.tool} per-request transaction ${r.baseline.perSecond.toFixed(0)} tx/s | ratio ${r.ratio.toFixed(2)}x`;

const median = (xs: number[]) => percentile(xs, 50);

const isMain = process.argv[1]?.endsWith('run.ts');
if (isMain) {
  const n = (name: string, d: number) => Number(process.env[name] ?? d);
  // On a shared or virtual machine one pair of figures can be off by a third either way: each pair is
  // measured back to back, and the summary is the median over the pairs.
  const options = {
    count: n('COUNT', 10_000),
    concurrency: n('CONCURRENCY', 64),
    phones: n('PHONES', 500),
    warmup: n('WARMUP', 5_000),
    baselineSeconds: n('BASELINE_SECONDS', 10),
    // The production shape (DESIGN: N API and M worker processes); SHAPE=single measures `npm start`'s.
    shape: (process.env.SHAPE === 'single' ? 'single' : 'split') as Shape,
  };
  const runs: Run[] = [];
  for (let i = 0; i < Math.max(1, n('RUNS', 3)); i++) {
    const r = await runIngestBench(options);
    runs.push(r);
    process.stdout.write(`whatsapp-ingest run ${i + 1}: ${line(r)}\n`);
  }
  const ratios = runs.map((r) => r.ratio);
  process.stdout.write(
    `whatsapp-ingest (${SHAPES[options.shape]}): median of ${runs.length} runs: ratio ${median(ratios).toFixed(2)}x (${ratios.map((x) => x.toFixed(2)).join(', ')}), ${median(runs.map((r) => r.ingest.perSecond)).toFixed(0)} webhooks/s against ${median(runs.map((r) => r.baseline.perSecond)).toFixed(0)} tx/s, bare intake ${median(runs.map((r) => r.ingest.bare.perSecond / r.baseline.perSecond)).toFixed(2)}x, p99 ${median(runs.map((r) => r.ingest.p99Ms)).toFixed(1)} ms (target >= 2.0x, p99 <= 50 ms)\n`,
  );
}
