import { describe, expect, it } from 'vitest';
import { bearer, setupSuite } from '../../../../test/helpers/app.js';

const t = setupSuite();

describe('patients', () => {
  it('creates, reads, searches and updates a patient with E.164 phone', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(t.tenant.keys.staff),
      payload: { full_name: 'Aarav Sharma', phone: '+91 98123 45678', gender: 'male', tags: ['vip'] },
    });
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p.phone).toBe('+919812345678');

    const read = await t.app.inject({
      url: `/api/v1/patients/${p.id}`,
      headers: bearer(t.tenant.keys.staff),
    });
    expect(read.json().full_name).toBe('Aarav Sharma');

    const byPhone = await t.app.inject({
      url: '/api/v1/patients?q=98123',
      headers: bearer(t.tenant.keys.staff),
    });
    expect(byPhone.json().data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const byName = await t.app.inject({
      url: '/api/v1/patients?q=aarav',
      headers: bearer(t.tenant.keys.staff),
    });
    expect(byName.json().data).toHaveLength(1);

    const upd = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/patients/${p.id}`,
      headers: bearer(t.tenant.keys.staff),
      payload: { email: 'aarav@example.in' },
    });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().email).toBe('aarav@example.in');
  });

  it('refuses a second patient with the same phone', async () => {
    const payload = { full_name: 'Dup One', phone: '+919800000001' };
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(t.tenant.keys.staff),
      payload,
    });
    expect(a.statusCode).toBe(201);
    const b = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(t.tenant.keys.staff),
      payload,
    });
    expect(b.statusCode).toBe(409);
    expect(b.headers['content-type']).toContain('application/problem+json');
  });
});
