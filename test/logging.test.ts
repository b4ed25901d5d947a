import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { bearer, createTenant, createTestApp, type TestContext, type TestTenant } from './helpers/app.js';

let t: TestContext;
let clinic: TestTenant;
beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'info' });
  clinic = await createTenant(t.database);
});
afterAll(() => t.close());
afterEach(() => expect(t.logs.take()).toEqual([]));

it('logs requests without names, phone numbers, query strings or credentials', async () => {
  const name = 'Ishita Banerjee';
  const phone = '+919876501234';
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(clinic.keys.staff),
    payload: { full_name: name, phone },
  });
  await t.app.inject({ url: '/api/v1/patients?q=9876501234', headers: bearer(clinic.keys.staff) });
  await t.app.inject({
    url: `/api/v1/patients?q=${encodeURIComponent(name)}`,
    headers: bearer(clinic.keys.staff),
  });
  const duplicate = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(clinic.keys.staff),
    payload: { full_name: name, phone },
  });
  expect(duplicate.statusCode).toBe(409);
  const all = t.logs.lines.join('\n');
  expect(t.logs.lines.length).toBeGreaterThan(4);
  expect(all).toContain('/api/v1/patients');
  for (const secret of [name, 'Ishita', '9876501234', clinic.keys.staff, 'q='])
    expect(all).not.toContain(secret);
});
