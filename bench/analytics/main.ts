import { scratchDatabase } from '../scratch-db.js';
import { FULL, runAnalyticsBench } from './bench.js';

// BENCH_SCALE=0.1 runs a tenth of the volumes (1M appointments, 5M messages, 200k calls at 1).
const factor = Number(process.env.BENCH_SCALE ?? '1');
const volume = Object.fromEntries(
  Object.entries(FULL).map(([k, v]) => [k, k === 'practitioners' ? v : Math.round(v * factor)]),
) as typeof FULL;
const database = await scratchDatabase();
try {
  await runAnalyticsBench({
    database,
    volume,
    noise: 0.2,
    iterations: Number(process.env.BENCH_ITERATIONS ?? '300'),
    baseIterations: 3,
    log: (s) => process.stdout.write(`${s}\n`),
  });
} finally {
  await database.drop();
}
