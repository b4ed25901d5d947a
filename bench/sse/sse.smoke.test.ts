import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, createTestApp, type TestContext } from '../../test/helpers/app.js';
import { runSseBench } from './bench.js';
import { type ServerProcess, startServerProcess } from './processes.js';

let t: TestContext;
const processes: ServerProcess[] = [];
let servers: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  const url = (t.database as unknown as { url: string | null }).url;
  if (url) {
    // PostgreSQL: two real server processes, as in the full benchmark.
    const env = { DATABASE_URL: url, SEED_DEMO: 'false' };
    processes.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    servers = processes.map((p) => p.url);
  } else {
    // PGlite lives in one process: the in-process server.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    servers = [`http://127.0.0.1:${typeof address === 'object' ? address?.port : 0}`];
  }
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await t.close();
});

describe('bench/sse (smoke)', () => {
  it('delivers every commit to every client and prints the latency figures', async () => {
    const tenant = await createTenant(t.database);
    const lines: string[] = [];
    const figures = await runSseBench({
      database: t.database,
      servers,
      tenantId: tenant.id,
      apiKey: tenant.keys.staff,
      clients: 10,
      rounds: 3,
      log: (s) => lines.push(s),
    });
    expect(figures.samples).toBe(30);
    expect(figures.p99).toBeGreaterThanOrEqual(figures.p50);
    expect(figures.p99).toBeLessThan(1000);
    expect(lines.some((l) => l.startsWith('bench/sse: 10 clients'))).toBe(true);
  });
});
