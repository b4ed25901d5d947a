import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { bearer, setupSuite } from './helpers/app.js';
import { type Fixtures, setupFixtures } from './helpers/fixtures.js';

const t = setupSuite();
const fx = setupFixtures(t);

const huge = 'x'.repeat(10_000);
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

/** [label, method, url, payload, field the problem must name] */
const BAD: [string, 'POST' | 'PATCH', (f: Fixtures) => string, (f: Fixtures) => unknown, string][] = [
  ['empty patient', 'POST', () => '/api/v1/patients', () => ({}), 'body.full_name'],
  ['patient name wrong type', 'POST', () => '/api/v1/patients', () => ({ full_name: 42 }), 'body.full_name'],
  ['10 kB patient name', 'POST', () => '/api/v1/patients', () => ({ full_name: huge }), 'body.full_name'],
  [
    'unknown patient field',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', ssn: '1' }),
    'body.ssn',
  ],
  [
    'invalid phone',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', phone: '12345' }),
    'body.phone',
  ],
  [
    'phone with letters',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', phone: '+91 98ab' }),
    'body.phone',
  ],
  [
    'invalid birth date',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', date_of_birth: '2020-02-30' }),
    'body.date_of_birth',
  ],
  [
    'future birth date',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', date_of_birth: '2999-01-01' }),
    'body.date_of_birth',
  ],
  [
    'bad email',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', email: 'not-an-email' }),
    'body.email',
  ],
  ['empty patch', 'PATCH', (x) => `/api/v1/patients/${x.patient.id}`, () => ({}), 'body'],
  [
    'huge tag list',
    'POST',
    () => '/api/v1/patients',
    () => ({ full_name: 'A', tags: Array(60).fill('t') }),
    'body.tags',
  ],
  [
    'appointment without offset',
    'POST',
    () => '/api/v1/appointments',
    (x) => ({
      patient_id: x.patient.id,
      practitioner_id: x.practitioner.id,
      starts_at: '2026-12-24T10:00:00',
    }),
    'body.starts_at',
  ],
  [
    'appointment invalid date',
    'POST',
    () => '/api/v1/appointments',
    (x) => ({
      patient_id: x.patient.id,
      practitioner_id: x.practitioner.id,
      starts_at: '2026-13-45T10:00:00Z',
    }),
    'body.starts_at',
  ],
  [
    'appointment id not a uuid',
    'POST',
    () => '/api/v1/appointments',
    (x) => ({ patient_id: 'abc', practitioner_id: x.practitioner.id, starts_at: tomorrow() }),
    'body.patient_id',
  ],
  [
    'appointment duration wrong type',
    'POST',
    () => '/api/v1/appointments',
    (x) => ({
      patient_id: x.patient.id,
      practitioner_id: x.practitioner.id,
      starts_at: tomorrow(),
      duration_minutes: '15',
    }),
    'body.duration_minutes',
  ],
  [
    'unknown status',
    'POST',
    (x) => `/api/v1/appointments/${x.appointment.id}/status`,
    () => ({ status: 'teleported' }),
    'body.status',
  ],
  [
    'template without stages',
    'POST',
    () => '/api/v1/journey-templates',
    () => ({ name: 'T', stages: [] }),
    'body.stages',
  ],
  ['department name too long', 'POST', () => '/api/v1/departments', () => ({ name: huge }), 'body.name'],
  [
    'user weak password',
    'POST',
    () => '/api/v1/users',
    () => ({ email: 'a@b.in', name: 'A', role: 'staff', password: 'short' }),
    'body.password',
  ],
  [
    'user bad role',
    'POST',
    () => '/api/v1/users',
    () => ({ email: 'a@b.in', name: 'A', role: 'root', password: 'long enough pw' }),
    'body.role',
  ],
  [
    'bad time zone',
    'PATCH',
    () => '/api/v1/organization',
    () => ({ time_zone: 'Mars/Olympus' }),
    'body.time_zone',
  ],
];

async function rowCounts() {
  const res = await t.database.db.execute(
    sql`select (select count(*) from patients) p, (select count(*) from appointments) a, (select count(*) from users) u, (select count(*) from departments) d, (select count(*) from journey_templates) j`,
  );
  return JSON.stringify((res as unknown as { rows: unknown[] }).rows);
}

describe('bad input', () => {
  it.each(BAD)('%s → 400 naming the field, nothing stored', async (_label, method, url, payload, field) => {
    const before = await rowCounts();
    const res = await t.app.inject({
      method,
      url: url(fx.f),
      headers: bearer(t.tenant.keys.admin),
      payload: payload(fx.f) as object,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.detail).toBeTruthy();
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    expect(await rowCounts()).toBe(before);
  });

  it('answers malformed JSON, a wrong content type and a bad path id with 4xx problems', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { ...bearer(t.tenant.keys.staff), 'content-type': 'application/json' },
      payload: '{"full_name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { ...bearer(t.tenant.keys.staff), 'content-type': 'text/plain' },
      payload: 'full_name=A',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].field).toBe('body');
    const badId = await t.app.inject({
      url: '/api/v1/patients/not-a-uuid',
      headers: bearer(t.tenant.keys.staff),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('params.id');
    const badQuery = await t.app.inject({
      url: '/api/v1/patients?limit=5000',
      headers: bearer(t.tenant.keys.staff),
    });
    expect(badQuery.statusCode).toBe(400);
    const badCursor = await t.app.inject({
      url: '/api/v1/patients?cursor=%%%',
      headers: bearer(t.tenant.keys.staff),
    });
    expect(badCursor.statusCode).toBe(400);
  });

  it('keeps unicode intact', async () => {
    const name = 'ஸ்ரீனிவாசன் ஐயர் 🙏 Zoë';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: bearer(t.tenant.keys.staff),
      payload: { full_name: name },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().full_name).toBe(name);
  });
});
