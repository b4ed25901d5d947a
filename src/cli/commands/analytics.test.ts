import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { computeSection } from '../../server/modules/analytics/analytics.engine.js';
import { openDatabase } from '../../server/platform/db/client.js';
import { rowsOf } from '../../server/platform/db/rows.js';
import { resolvePeriod } from '../../server/platform/time/periods.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'prm-analytics-cli-'));
const { DATABASE_URL: _unused, ...env } = process.env;
// Embedded PGlite in a temporary directory, whatever database the suite itself runs on.
const prm = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/prm.ts', ...args], { env: { ...env, DATA_DIR: dir } });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prm analytics', () => {
  it('rebuild restores rollups that no longer match the base tables', async () => {
    await prm('seed', '--patients', '40', '--days', '20', '--practitioners', '2');
    const open = () => openDatabase({ dataDir: path.join(dir, 'pglite') });
    let database = await open();
    const [tenant] = await rowsOf<{ id: string }>(database.db, sql`select id::text from organizations`);
    await database.db.execute(sql`delete from analytics_appointments_daily`);
    await database.db.execute(sql`update analytics_calls_daily set total = total + 7`);
    await database.db.execute(sql`delete from analytics_appointments_monthly`);
    await database.db.execute(sql`update analytics_calls_monthly set answered = answered + 3`);
    await database.db.execute(sql`update analytics_response_medians_daily set bucket = bucket + 4`);
    await database.close();

    const { stdout } = await prm('analytics', 'rebuild');
    expect(stdout).toMatch(/Rebuilt the analytics rollups of 1 organisation/);
    database = await open();
    // this_year reads whole months from the monthly rollups; a daily series reads the daily medians.
    for (const time_period of ['last_30_days', 'this_year'] as const) {
      const request = {
        tenantId: tenant?.id as string,
        period: resolvePeriod({ time_period }, 'Asia/Kolkata'),
        aggregation: 'daily' as const,
        filters: {},
        series: true,
        breakdowns: true,
      };
      for (const section of ['appointments', 'communication', 'voice_calls'] as const) {
        const rollup = await computeSection(database.db, 'rollup', section, request);
        expect(rollup).toEqual(await computeSection(database.db, 'base', section, request));
      }
    }
    await database.close();
  }, 180_000);

  it('refuses a malformed tenant id', async () => {
    await expect(prm('analytics', 'rebuild', '--tenant', 'x')).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
