import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { rebuildTenants } from '../../server/modules/analytics/analytics.rollup.js';
import { hashPassword } from '../../server/platform/auth/crypto.js';
import type { Db } from '../../server/platform/db/client.js';
import { DEFAULT_SEED, generate, type SeededTenant, type SeedOptions } from './generate.js';

export const DEMO_PASSWORD = 'prm-demo-2026';

/** Rough row count, so the progress bar's end is near the truth before the rows exist. */
function estimateRows(o: Omit<SeedOptions, 'now' | 'passwordHash'>) {
  const appointments = (o.days + 30) * (6 / 7) * o.practitioners * o.perDay;
  const calls = appointments * 0.3;
  const messages = o.patients * 0.45 * 6;
  return o.tenants * Math.round(appointments + calls * 5 + messages * 1.2 + o.patients * 1.6);
}

export type SeedRun = Partial<Omit<SeedOptions, 'passwordHash'>> & { progress?: boolean };

/** Seed demo tenants in one transaction: a crash mid-seed leaves no half-made organisation. */
export async function seedDemo(
  db: Db,
  run: SeedRun = {},
): Promise<{ tenants: SeededTenant[]; rows: number }> {
  const opts = {
    ...DEFAULT_SEED,
    ...run,
    now: run.now ?? new Date(),
    passwordHash: await hashPassword(DEMO_PASSWORD),
  };
  const bar =
    run.progress === false
      ? null
      : new cliProgress.SingleBar(
          {
            format: 'Seeding demo data [{bar}] {percentage}% | {value}/{total} rows | {table}',
            etaBuffer: 50,
            // Logs (CI, containers) get a line every few seconds instead of nothing.
            noTTYOutput: true,
            notTTYSchedule: 5000,
          },
          cliProgress.Presets.shades_classic,
        );
  let rows = 0;
  const estimate = estimateRows(opts);
  bar?.start(estimate, 0, { table: '' });
  const tenants = await db.transaction(async (tx) => {
    // Seeding many rows in one transaction: skip waiting for the WAL flush on each statement.
    await tx.execute(sql`set local synchronous_commit = off`);
    // The analytics triggers would mark every day of every row; the seed rebuilds its tenants instead.
    await tx.execute(sql`set local prm.analytics_bulk = 'on'`);
    const seeded = await generate(tx, opts, (table, n) => {
      rows += n;
      if (rows > estimate) bar?.setTotal(rows);
      bar?.update(rows, { table });
    });
    bar?.update(rows, { table: 'analytics rollups' });
    await rebuildTenants(
      tx,
      seeded.map((t) => t.id),
    );
    return seeded;
  });
  bar?.setTotal(rows);
  bar?.update(rows, { table: 'done' });
  bar?.stop();
  return { tenants, rows };
}
