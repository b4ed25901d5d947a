import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../../test/helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

describe('security headers', () => {
  it('every answer — a page, an API error, an unknown path — carries the CSP and its companions', async () => {
    for (const url of ['/health', '/api/v1/patients', '/api/v1/nowhere']) {
      const res = await t.app.inject({ url });
      const csp = String(res.headers['content-security-policy']).split(';');
      expect(csp, url).toEqual(
        expect.arrayContaining([
          "default-src 'self'",
          "img-src 'self' data: blob:",
          "script-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "frame-ancestors 'self'",
        ]),
      );
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security'], url).toContain('max-age=');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
      expect(res.headers['x-request-id'], url).toBeTruthy();
    }
  });
});
