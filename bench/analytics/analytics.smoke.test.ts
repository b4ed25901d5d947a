import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.js';
import { runAnalyticsBench } from './bench.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('bench/analytics (smoke)', () => {
  it('seeds, rebuilds and prints figures for both periods', async () => {
    const lines: string[] = [];
    const figures = await runAnalyticsBench({
      database,
      volume: {
        appointments: 3000,
        messages: 5000,
        calls: 400,
        journeys: 100,
        practitioners: 5,
        patients: 300,
      },
      noise: 0.2,
      iterations: 5,
      baseIterations: 1,
      log: (s) => lines.push(s),
    });
    expect(figures.map((f) => f.period)).toEqual(['last_30_days', 'this_year']);
    for (const f of figures) {
      expect(f.miss.p50).toBeGreaterThan(0);
      expect(f.hit.p50).toBeGreaterThan(0);
      expect(f.rollupSql.p50).toBeGreaterThan(0);
      expect(Number.isFinite(f.baseOverMiss)).toBe(true);
    }
    expect(lines.filter((l) => l.startsWith('bench/analytics '))).toHaveLength(2);
  });
});
