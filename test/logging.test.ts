import { expect, it } from 'vitest';
import { bearer, setupSuite } from './helpers/app.js';

const t = setupSuite({ LOG_LEVEL: 'info' });

it('logs requests without names, phone numbers, query strings or credentials', async () => {
  const name = 'Ishita Banerjee';
  const phone = '+919876501234';
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(t.tenant.keys.staff),
    payload: { full_name: name, phone },
  });
  await t.app.inject({ url: '/api/v1/patients?q=9876501234', headers: bearer(t.tenant.keys.staff) });
  await t.app.inject({
    url: `/api/v1/patients?q=${encodeURIComponent(name)}`,
    headers: bearer(t.tenant.keys.staff),
  });
  const duplicate = await t.app.inject({
    method: 'POST',
    url: '/api/v1/patients',
    headers: bearer(t.tenant.keys.staff),
    payload: { full_name: name, phone },
  });
  expect(duplicate.statusCode).toBe(409);
  const all = t.logs.lines.join('\n');
  expect(t.logs.lines.length).toBeGreaterThan(4);
  expect(all).toContain('/api/v1/patients');
  for (const secret of [name, 'Ishita', '9876501234', t.tenant.keys.staff, 'q='])
    expect(all).not.toContain(secret);
});
