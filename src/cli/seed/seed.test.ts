import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.js';
import {
  appointments,
  messages,
  organizations,
  patientJourneys,
  patients,
  voiceCalls,
} from '../../server/platform/db/schema/index.js';
import { seedDemo } from './index.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const now = new Date('2026-11-20T06:30:00Z');
const small = { patients: 60, days: 30, practitioners: 4, perDay: 6, now, progress: false } as const;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function fingerprint(tenantId: string) {
  const res = await database.db.execute(
    sql`select md5(string_agg(id::text || status || starts_at::text, ',' order by id)) h from appointments where tenant_id = ${tenantId}`,
  );
  return (res as unknown as { rows: { h: string }[] }).rows[0]?.h;
}

describe('demo seed', () => {
  it('makes every kind of record, with a realistic appointment status mix', async () => {
    const { tenants } = await seedDemo(database.db, { ...small, tenants: 2, seed: 7 });
    expect(tenants.map((t) => t.slug)).toEqual(['demo', 'demo-2']);
    const id = tenants[0]?.id as string;
    const countOf = async (
      table:
        | typeof patients
        | typeof appointments
        | typeof messages
        | typeof voiceCalls
        | typeof patientJourneys,
    ) => (await database.db.select({ n: count() }).from(table).where(eq(table.tenant_id, id)))[0]?.n ?? 0;
    expect(await countOf(patients)).toBe(60);
    expect(await countOf(appointments)).toBeGreaterThan(300);
    expect(await countOf(messages)).toBeGreaterThan(20);
    expect(await countOf(voiceCalls)).toBeGreaterThan(10);
    expect(await countOf(patientJourneys)).toBeGreaterThan(5);
    const mix = await database.db
      .select({ status: appointments.status, n: count() })
      .from(appointments)
      .where(
        and(
          eq(appointments.tenant_id, id),
          sql`${appointments.starts_at} < ${now.toISOString()}::timestamptz - interval '1 hour'`,
        ),
      )
      .groupBy(appointments.status);
    const total = mix.reduce((s, r) => s + r.n, 0);
    const share = (s: string) => (mix.find((r) => r.status === s)?.n ?? 0) / total;
    expect(share('completed')).toBeGreaterThan(0.6);
    expect(share('no_show')).toBeGreaterThan(0.03);
    expect(share('cancelled')).toBeGreaterThan(0.08);
    expect(share('booked')).toBe(0);
    const journeyStates = await database.db
      .selectDistinct({ s: patientJourneys.status })
      .from(patientJourneys)
      .where(eq(patientJourneys.tenant_id, id));
    expect(journeyStates.map((r) => r.s).sort()).toEqual(['active', 'cancelled', 'completed']);
  });

  it('never double-books a practitioner', async () => {
    const res = await database.db.execute(sql`
      select count(*)::int n from appointments a join appointments b
        on a.practitioner_id = b.practitioner_id and a.id < b.id
       and a.starts_at < b.ends_at and b.starts_at < a.ends_at
       and a.status not in ('cancelled','no_show') and b.status not in ('cancelled','no_show')`);
    expect((res as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(0);
  });

  it('is deterministic for a given seed', async () => {
    const again = await createTestDatabase();
    try {
      const [first] =
        (await database.db.select().from(organizations).where(eq(organizations.slug, 'demo'))) ?? [];
      const { tenants } = await seedDemo(again.db, { ...small, tenants: 1, seed: 7 });
      expect(tenants[0]?.id).toBe(first?.id);
      const res = await again.db.execute(
        sql`select md5(string_agg(id::text || status || starts_at::text, ',' order by id)) h from appointments`,
      );
      expect((res as unknown as { rows: { h: string }[] }).rows[0]?.h).toBe(
        await fingerprint(first?.id as string),
      );
    } finally {
      await again.drop();
    }
  });
});
