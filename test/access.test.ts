import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../src/server/platform/db/schema/index.js';
import { bearer, setupSuite } from './helpers/app.js';
import { setupFixtures } from './helpers/fixtures.js';

const t = setupSuite({ LOGIN_RATE_LIMIT: '5' });
const fx = setupFixtures(t);

const as = (role: 'admin' | 'staff' | 'analyst', method: string, url: string, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    headers: bearer(t.tenant.keys[role]),
    ...(payload ? { payload } : {}),
  });

describe('roles', () => {
  it.each([
    ['analyst', 'POST', '/api/v1/patients', { full_name: 'A' }, 403],
    ['analyst', 'GET', '/api/v1/patients', undefined, 403],
    ['analyst', 'GET', '/api/v1/appointments', undefined, 403],
    ['analyst', 'GET', '/api/v1/departments', undefined, 200],
    ['analyst', 'GET', '/api/v1/journey-templates', undefined, 200],
    ['analyst', 'POST', '/api/v1/departments', { name: 'New' }, 403],
    [
      'staff',
      'POST',
      '/api/v1/users',
      { email: 'x@y.in', name: 'X', role: 'admin', password: 'long enough pw' },
      403,
    ],
    ['staff', 'GET', '/api/v1/api-keys', undefined, 403],
    ['staff', 'PATCH', '/api/v1/organization', { name: 'Renamed' }, 403],
    ['staff', 'POST', '/api/v1/patients', { full_name: 'Allowed' }, 201],
    ['admin', 'GET', '/api/v1/api-keys', undefined, 200],
  ] as const)('%s %s %s → %i', async (role, method, url, payload, status) => {
    const res = await as(role, method, url, payload);
    expect(res.statusCode).toBe(status);
    if (status === 403) expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('rejects missing, malformed and revoked credentials with 401', async () => {
    expect((await t.app.inject({ url: '/api/v1/patients' })).statusCode).toBe(401);
    const malformed = await t.app.inject({
      url: '/api/v1/patients',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
    const key = await as('admin', 'POST', '/api/v1/api-keys', { name: 'temp', role: 'staff' });
    const created = key.json();
    expect(created.key).toMatch(/^prm_/);
    expect((await t.app.inject({ url: '/api/v1/patients', headers: bearer(created.key) })).statusCode).toBe(
      200,
    );
    const list = await as('admin', 'GET', '/api/v1/api-keys');
    expect(list.body).not.toContain(created.key);
    expect((await as('admin', 'DELETE', `/api/v1/api-keys/${created.id}`)).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/patients', headers: bearer(created.key) })).statusCode).toBe(
      401,
    );
  });
});

describe('dashboard session', () => {
  const login = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('signs in with an httpOnly cookie, then signs out', async () => {
    const res = await login(t.tenant.users.staff.email.toUpperCase(), t.tenant.users.staff.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().organization.id).toBe(t.tenant.id);
    const cookie = res.cookies.find((c) => c.name === 'prm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const headers = { cookie: `prm_session=${cookie?.value}` };
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers });
    expect(me.json().user.role).toBe('staff');
    expect((await t.app.inject({ url: '/api/v1/patients', headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('ends a disabled user’s sessions and refuses their login', async () => {
    const email = `nurse-${Date.now()}@example.in`;
    const created = await as('admin', 'POST', '/api/v1/users', {
      email,
      name: 'Nurse',
      role: 'staff',
      password: 'long enough pw',
    });
    const session = (await login(email, 'long enough pw')).cookies.find((c) => c.name === 'prm_session');
    await as('admin', 'PATCH', `/api/v1/users/${created.json().id}`, { disabled: true });
    const headers = { cookie: `prm_session=${session?.value}` };
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    expect((await login(email, 'long enough pw')).statusCode).toBe(401);
  });

  it('rate-limits login attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await login('nobody@example.in', 'wrong password')).statusCode);
    expect(statuses).toContain(401);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('audit', () => {
  it('writes who read which patient, with the request id', async () => {
    const res = await t.app.inject({
      url: `/api/v1/patients/${fx.f.patient.id}`,
      headers: { ...bearer(t.tenant.keys.staff), 'x-request-id': 'req-audit-1' },
    });
    expect(res.statusCode).toBe(200);
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenant_id, t.tenant.id), eq(auditLog.request_id, 'req-audit-1')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'read',
      entity_type: 'patient',
      entity_id: fx.f.patient.id,
      actor_type: 'api_key',
    });
  });

  it('audits each patient a search returns', async () => {
    await t.app.inject({
      url: '/api/v1/patients?q=Kavya',
      headers: { ...bearer(t.tenant.keys.staff), 'x-request-id': 'req-audit-2' },
    });
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.request_id, 'req-audit-2'));
    expect(rows.map((r) => r.entity_id)).toEqual(expect.arrayContaining([fx.f.patient.id, fx.f.other.id]));
    expect(rows.every((r) => r.action === 'search')).toBe(true);
  });
});
