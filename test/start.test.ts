import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/db.js';
import { freePort, runPrm, waitForOutput } from './helpers/process.js';

/** `npm start` as a user runs it: a real process on an empty data directory (or an empty database). */
describe('prm start', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let dropDb: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'prm-start-'));
    env = { DATA_DIR: dataDir, DATABASE_URL: '' };
    if (process.env.TEST_DATABASE_URL) {
      const db = await createTestDatabase();
      // The server must migrate an empty database itself: give it a fresh one, not the migrated test one.
      await db.close();
      env.DATABASE_URL = db.url as string;
      dropDb = db.drop;
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: db.url as string });
      await c.connect();
      await c.query(
        'drop schema public cascade; create schema public; drop schema if exists drizzle cascade',
      );
      await c.end();
    }
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropDb?.().catch(() => undefined);
  });

  async function startOnce() {
    const port = await freePort();
    const p = runPrm(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    const banner = await waitForOutput(p, /Demo login: \S+ \/ \S+/);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    const [, email, password] = /Demo login: (\S+) \/ (\S+)/.exec(banner) ?? [];
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const me = (await login.json()) as { organization: { id: string } };
    p.child.kill('SIGTERM');
    const code = await p.exited;
    return { ready: ready.status, login: login.status, org: me.organization?.id, code, out: p.stdout() };
  }

  it('comes up on an empty database, seeded, and a second start reuses the data', async () => {
    const first = await startOnce();
    expect(first).toMatchObject({ ready: 200, login: 200, code: 0 });
    expect(first.out).toMatch(/PRM is running at http:\/\/localhost:\d+/);
    const second = await startOnce();
    expect(second).toMatchObject({ ready: 200, login: 200, code: 0, org: first.org });
  }, 240_000);

  // Roles need PostgreSQL (decision 0307).
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a worker process prints where its probes are, and answers them there',
    async () => {
      const p = runPrm(['start'], {
        ...env,
        ROLE: 'worker',
        PORT: '0',
        HOST: '127.0.0.1',
        PUBLIC_URL: 'http://localhost:3000',
      });
      const line = await waitForOutput(p, /Probes: http:\/\/127\.0\.0\.1:\d+\/health/);
      const base = line.slice('Probes: '.length, -'/health'.length);
      const ready = await fetch(`${base}/ready`);
      p.child.kill('SIGTERM');
      expect({ ready: ready.status, code: await p.exited }).toEqual({ ready: 200, code: 0 });
    },
    120_000,
  );

  it('refuses a bad configuration value with one line naming the variable', async () => {
    const p = runPrm(['start'], { ...env, PORT: 'eighty' });
    expect(await p.exited).toBe(1);
    expect(p.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^prm: Invalid PORT: /)]);
  });
});
