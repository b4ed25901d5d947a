import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metricsEvent, parse, SseClient } from '../../../../bench/sse/client.js';
import { startServerProcess } from '../../../../bench/sse/processes.js';
import {
  bearer,
  createTenant,
  createTestApp,
  type TestContext,
  type TestTenant,
} from '../../../../test/helpers/app.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/rows.js';
import { localDay } from '../../platform/time/periods.js';
import { foldFact, recordChange } from './analytics.repository.js';

let t: TestContext;
let a: TestTenant;
let b: TestTenant;
let base: string;
const open: SseClient[] = [];

/** A practitioner and a patient, so appointments can be written straight into the table. */
async function directory(db: DbOrTx, tenantId: string) {
  const [row] = await rowsOf<{ practitioner: string; patient: string }>(
    db,
    sql`with p as (insert into practitioners (id, tenant_id, name) values (gen_random_uuid(), ${tenantId}, 'Dr. Live') returning id),
      q as (insert into patients (id, tenant_id, full_name, phone) values (gen_random_uuid(), ${tenantId}, 'Live Probe',
        '+9198' || lpad((floor(random() * 1e8))::text, 8, '0')) returning id)
      select p.id::text as practitioner, q.id::text as patient from p, q`,
  );
  return row as { practitioner: string; patient: string };
}

function insertAppointment(db: DbOrTx, tenantId: string, d: { practitioner: string; patient: string }) {
  return db.execute(sql`insert into appointments (id, tenant_id, patient_id, practitioner_id, starts_at, ends_at, duration_minutes)
    values (gen_random_uuid(), ${tenantId}, ${d.patient}, ${d.practitioner}, now(), now() + interval '15 minutes', 15)`);
}

async function stream(key: string, headers: Record<string, string> = {}, url = base) {
  const c = await SseClient.open(`${url}/api/v1/analytics/realtime?time_period=today`, {
    ...bearer(key),
    ...headers,
  });
  open.push(c);
  return c;
}

beforeAll(async () => {
  t = await createTestApp({ ANALYTICS_HEARTBEAT_MS: '150' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' ? address?.port : 0}`;
  a = await createTenant(t.database);
  b = await createTenant(t.database);
});
afterAll(async () => {
  for (const c of open) c.close();
  await t.close();
});
afterEach(() => expect(t.logs.take()).toEqual([]));

describe('analytics live stream', () => {
  it('sends a snapshot, then the changed metrics within a second of a commit, and heartbeats', async () => {
    const c = await stream(a.keys.analyst);
    expect(c.status).toBe(200);
    const first = await c.next(metricsEvent);
    expect(parse(first).snapshot).toBe(true);
    expect(parse(first).metrics.appointments_total?.value).toBe(0);
    const d = await directory(t.database.db, a.id);
    const committed = performance.now();
    await insertAppointment(t.database.db, a.id, d);
    const update = await c.next((e) => metricsEvent(e) && 'appointments_total' in parse(e).metrics, 2000);
    expect(update.receivedAt - committed).toBeLessThan(1000);
    expect(parse(update).metrics.appointments_total?.value).toBe(1);
    expect(parse(update).snapshot).toBe(false);
    // Only what changed: call metrics did not move.
    expect(parse(update).metrics.calls_total).toBeUndefined();
    expect(Number(update.id)).toBeGreaterThan(Number(first.id));
    await c.next((e) => e.event === 'heartbeat');
  });

  it('never tells one tenant about another tenant’s change', async () => {
    const ca = await stream(a.keys.staff);
    const cb = await stream(b.keys.staff);
    await ca.next(metricsEvent);
    await cb.next(metricsEvent);
    await insertAppointment(t.database.db, a.id, await directory(t.database.db, a.id));
    await ca.next((e) => metricsEvent(e) && 'appointments_total' in parse(e).metrics);
    // B's stream goes on beating, and carries nothing about A's change.
    await cb.next((e) => e.event === 'heartbeat');
    await cb.next((e) => e.event === 'heartbeat');
    expect(cb.events.filter(metricsEvent)).toEqual([]);
  });

  it('resumes with Last-Event-ID: what changed while away, or nothing when up to date', async () => {
    const c = await stream(a.keys.admin);
    const last = await c.next(metricsEvent);
    c.close();
    const before = parse(last).metrics.appointments_total?.value as number;
    await insertAppointment(t.database.db, a.id, await directory(t.database.db, a.id));
    // Wait (polling, with a deadline) until the change is folded and recorded.
    const deadline = Date.now() + 5000;
    let latest = Number(last.id);
    while (latest <= Number(last.id)) {
      if (Date.now() > deadline) throw new Error('change not folded');
      const [row] = await rowsOf<{ id: number }>(
        t.database.db,
        sql`select max(id)::float8 as id from analytics_changes where tenant_id = ${a.id}`,
      );
      latest = row?.id ?? 0;
    }
    const resumed = await stream(a.keys.admin, { 'last-event-id': last.id as string });
    const caughtUp = await resumed.next(metricsEvent);
    expect(parse(caughtUp).snapshot).toBe(false);
    expect(parse(caughtUp).metrics.appointments_total?.value).toBe(before + 1);
    expect(Number(caughtUp.id)).toBeGreaterThanOrEqual(latest);
    resumed.close();
    const upToDate = await stream(a.keys.admin, { 'last-event-id': caughtUp.id as string });
    await upToDate.next((e) => e.event === 'heartbeat');
    expect(upToDate.events.filter(metricsEvent)).toEqual([]);
  });

  it('catches up at the next heartbeat when a notification was missed', async () => {
    const c = await stream(a.keys.analyst);
    const before = parse(await c.next(metricsEvent)).metrics.appointments_total?.value as number;
    const d = await directory(t.database.db, a.id);
    // A fold whose NOTIFY never arrives: the write skips the triggers, the fold is done by hand, unannounced.
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local prm.analytics_bulk = 'on'`);
      await insertAppointment(tx, a.id, d);
      await foldFact(tx, a.id, 'Asia/Kolkata', 'appointments', [localDay(new Date(), 'Asia/Kolkata')]);
      await recordChange(tx, a.id, ['appointments']);
    });
    const update = await c.next((e) => metricsEvent(e) && 'appointments_total' in parse(e).metrics, 3000);
    expect(parse(update).metrics.appointments_total?.value).toBe(before + 1);
  });

  it('refuses a bad query with problem+json before streaming', async () => {
    const res = await t.app.inject({
      url: '/api/v1/analytics/realtime?aggregation=daily',
      headers: bearer(a.keys.staff),
    });
    expect(res.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/analytics/realtime' })).statusCode).toBe(401);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('analytics live stream across two server processes', () => {
  it('delivers a change committed through process A to a client of process B within a second', async () => {
    const url = (t.database as unknown as { url: string }).url;
    const env = { DATABASE_URL: url, SEED_DEMO: 'false', ANALYTICS_HEARTBEAT_MS: '200' };
    const [p1, p2] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    try {
      const d = await directory(t.database.db, b.id);
      const c = await stream(b.keys.analyst, {}, p2.url);
      const first = await c.next(metricsEvent);
      const before = parse(first).metrics.appointments_total?.value as number;
      const startsAt = new Date(Date.now() + 60_000).toISOString();
      const sent = performance.now();
      const res = await fetch(`${p1.url}/api/v1/appointments`, {
        method: 'POST',
        headers: { ...bearer(b.keys.staff), 'content-type': 'application/json' },
        body: JSON.stringify({
          patient_id: d.patient,
          practitioner_id: d.practitioner,
          starts_at: startsAt,
          duration_minutes: 15,
        }),
      });
      expect(res.status).toBe(201);
      const committed = performance.now();
      const update = await c.next((e) => metricsEvent(e) && 'appointments_total' in parse(e).metrics, 2000);
      expect(parse(update).metrics.appointments_total?.value).toBe(before + 1);
      expect(update.receivedAt - committed).toBeLessThan(1000);
      expect(update.receivedAt - sent).toBeGreaterThan(0);
      c.close();
      // Resume on the other process with the id process B gave.
      const again = await stream(b.keys.analyst, { 'last-event-id': update.id as string }, p1.url);
      await again.next((e) => e.event === 'heartbeat');
      expect(again.events.filter(metricsEvent)).toEqual([]);
    } finally {
      await Promise.all([p1.stop(), p2.stop()]);
    }
  });
});
