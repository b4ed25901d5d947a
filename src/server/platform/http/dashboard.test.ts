import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/app.js';

const INDEX = '<!doctype html><div id="root"></div>';
let dir: string;
let t: TestContext;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'prm-dashboard-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  t = await createTestApp({}, { dashboardDir: dir });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true });
});
afterEach(() => expect(t.logs.take()).toEqual([]));

describe('dashboard bundle', () => {
  it('serves index.html at / and for deep links, without a session and never cached', async () => {
    for (const url of [
      '/',
      '/patients/0190c5a4-0000-7000-8000-000000000000',
      '/appointments?date=2026-01-02',
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long immutable cache', async () => {
    const res = await t.app.inject({ url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body).toBe('console.log(1)');
    expect((await t.app.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('never serves files outside the bundle', async () => {
    for (const url of ['/assets/../../../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await t.app.inject({ url });
      expect(res.body, url).not.toContain('root:');
      expect(res.statusCode, url).not.toBe(500);
    }
  });

  it('keeps API and docs paths as 404 problems and API routes behind authentication', async () => {
    for (const url of ['/api/v1/nope', '/api', '/docs/nope']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toContain('route_not_found');
    }
    expect((await t.app.inject({ url: '/api/v1/patients' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/patients' })).statusCode).toBe(404);
  });
});

describe('without a built bundle', () => {
  it('serves the API only', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'prm-no-dashboard-'));
    const bare = await createTestApp({}, { dashboardDir: empty });
    try {
      const res = await bare.app.inject({ url: '/' });
      expect(res.statusCode).toBe(404);
      expect(res.json().type).toContain('route_not_found');
      expect((await bare.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true });
    }
  });
});
