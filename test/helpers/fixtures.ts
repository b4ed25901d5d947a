import type { FastifyInstance } from 'fastify';
import { beforeAll } from 'vitest';
import { bearer, type Suite, type TestTenant } from './app.js';

/** Call the API as one of the tenant's roles and return the parsed JSON, failing loudly on an error. */
export function apiAs(app: FastifyInstance, key: string) {
  return async <T = Record<string, unknown>>(method: string, url: string, payload?: unknown): Promise<T> => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: bearer(key),
      payload: payload as object,
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return (res.body ? res.json() : null) as T;
  };
}

let phoneSeq = 0;
/** A valid Indian mobile number, different on every call. */
export const nextPhone = () => `+9198${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

export type Fixtures = Awaited<ReturnType<typeof makeFixtures>>;

/** One of everything a tenant owns, made through the API, for cross-tenant and role tests. */
export async function makeFixtures(app: FastifyInstance, tenant: TestTenant) {
  const api = apiAs(app, tenant.keys.admin);
  const department = await api<{ id: string }>('POST', '/api/v1/departments', { name: 'Cardiology' });
  const location = await api<{ id: string }>('POST', '/api/v1/locations', {
    name: 'Andheri',
    address: 'SV Road',
  });
  const practitioner = await api<{ id: string }>('POST', '/api/v1/practitioners', {
    name: 'Dr. Mehta',
    department_id: department.id,
    location_id: location.id,
  });
  const patient = await api<{ id: string }>('POST', '/api/v1/patients', {
    full_name: 'Kavya Rao',
    phone: nextPhone(),
  });
  const other = await api<{ id: string }>('POST', '/api/v1/patients', {
    full_name: 'Kavya R.',
    phone: nextPhone(),
  });
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  startsAt.setUTCHours(5, 0, 0, 0);
  const appointment = await api<{ id: string }>('POST', '/api/v1/appointments', {
    patient_id: patient.id,
    practitioner_id: practitioner.id,
    starts_at: startsAt.toISOString(),
    duration_minutes: 15,
  });
  const template = await api<{ id: string }>('POST', '/api/v1/journey-templates', {
    name: 'Knee replacement',
    stages: [{ name: 'Consultation' }, { name: 'Surgery' }, { name: 'Physiotherapy' }],
  });
  const journey = await api<{ id: string }>('POST', '/api/v1/journeys', {
    patient_id: patient.id,
    template_id: template.id,
  });
  const user = await api<{ id: string }>('POST', '/api/v1/users', {
    email: `extra-${tenant.slug}@example.in`,
    name: 'Extra',
    role: 'staff',
    password: 'long enough password',
  });
  const apiKey = await api<{ id: string }>('POST', '/api/v1/api-keys', {
    name: 'integration',
    role: 'staff',
  });
  return {
    department,
    location,
    practitioner,
    patient,
    other,
    appointment,
    template,
    journey,
    user,
    apiKey,
    startsAt,
  };
}

/** setupSuite plus one of everything in its tenant (see makeFixtures). */
export function setupFixtures(suite: Suite): { f: Fixtures } {
  const holder = {} as { f: Fixtures };
  beforeAll(async () => {
    holder.f = await makeFixtures(suite.app, suite.tenant);
  });
  return holder;
}
