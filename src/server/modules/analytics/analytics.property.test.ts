import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { bulkInsert } from '../../../cli/seed/bulk.js';
import { Random } from '../../../cli/seed/random.js';
import type { Database } from '../../platform/db/client.js';
import { rowsOf } from '../../platform/db/rows.js';
import * as t from '../../platform/db/schema/index.js';
import {
  AGGREGATIONS,
  localDay,
  resolvePeriod,
  shiftDays,
  startOfLocalDay,
  TIME_PERIODS,
} from '../../platform/time/periods.js';
import { SECTIONS } from './analytics.catalog.js';
import { computeSection, type Filters } from './analytics.engine.js';
import { FACTS } from './analytics.facts.js';
import { foldAll, rebuildAll } from './analytics.rollup.js';

/*
 * Property: on random data, written and then changed through the triggers (bulk statements, single rows,
 * updates, deletes, late and out-of-order messages), the folded rollups answer every section exactly as
 * the base tables do, for random periods, aggregations, filters and time zones, around DST changes.
 */
let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const ZONES = ['America/New_York', 'Asia/Kolkata', 'Europe/London', 'Australia/Adelaide', 'UTC'];
// New York's two DST changes of 2026; Adelaide and London change on other dates in the same windows.
const CENTRES = ['2026-03-08', '2026-11-01', '2026-10-04', '2026-03-29'];
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

type World = {
  tenantId: string;
  timeZone: string;
  centre: string;
  ids: { practitioners: string[]; departments: string[]; locations: string[] };
};

async function createWorld(r: Random, timeZone: string, centre: string): Promise<World> {
  const d = db.db;
  const tenantId = r.uuidv7(Date.now());
  await d
    .insert(t.organizations)
    .values({ id: tenantId, name: 'P', slug: `p-${tenantId}`, time_zone: timeZone });
  const base = { tenant_id: tenantId };
  const departments = [r.uuidv7(1), r.uuidv7(2)];
  const locations = [r.uuidv7(3), r.uuidv7(4)];
  await d.insert(t.departments).values(departments.map((id, i) => ({ id, ...base, name: `D${i}` })));
  await d.insert(t.locations).values(locations.map((id, i) => ({ id, ...base, name: `L${i}` })));
  const practitioners = [r.uuidv7(5), r.uuidv7(6), r.uuidv7(7)];
  await d.insert(t.practitioners).values(
    practitioners.map((id, i) => ({
      id,
      ...base,
      name: `Dr. P${i}`,
      department_id: r.pick(departments),
      location_id: r.pick(locations),
    })),
  );
  const patients = Array.from({ length: 6 }, (_, i) => ({
    id: r.uuidv7(10 + i),
    ...base,
    full_name: `X${i}`,
    phone: `+9198000000${10 + i}`,
  }));
  await d.insert(t.patients).values(patients);
  const templates = [r.uuidv7(20), r.uuidv7(21)];
  await d.insert(t.journeyTemplates).values(
    templates.map((id, i) => ({
      id,
      ...base,
      name: `T${i}`,
      department_id: r.chance(0.7) ? r.pick(departments) : null,
    })),
  );

  const start = startOfLocalDay(shiftDays(centre, -12), timeZone).getTime();
  const span = 24 * DAY;
  // Half the instants fall within 90 minutes of a local midnight: that is where a zone bug would show.
  // A fifth spread over four months, so periods cover whole months (the monthly rollups) and their edges.
  const at = () => {
    if (r.chance(0.2)) return start - 75 * DAY + r.next() * 120 * DAY;
    if (r.chance(0.4)) return start + r.next() * span;
    const day = shiftDays(centre, r.chance(0.3) ? r.int(-75, 40) : r.int(-12, 11));
    return startOfLocalDay(day, timeZone).getTime() + r.int(-90, 90) * 60_000;
  };
  const patient = () => r.pick(patients).id;

  const appointments = Array.from({ length: 60 }, () => {
    const s = at();
    return {
      id: r.uuidv7(s),
      tenant_id: tenantId,
      patient_id: patient(),
      practitioner_id: r.pick(practitioners),
      department_id: r.chance(0.8) ? r.pick(departments) : null,
      location_id: r.chance(0.8) ? r.pick(locations) : null,
      starts_at: iso(s),
      ends_at: iso(s + 900_000),
      duration_minutes: 15,
      status: r.pick(t.APPOINTMENT_STATUSES),
      booked_at: iso(s - r.int(-2, 20 * 24) * 3_600_000),
    };
  });
  await bulkInsert(d, t.appointments, appointments);

  for (let j = 0; j < 15; j++) {
    const began = at();
    const status = r.pick(t.JOURNEY_STATUSES);
    const ended = began + r.int(-2, 10) * DAY + r.int(0, 1000) * 60_000;
    const id = r.uuidv7(began);
    await d.insert(t.patientJourneys).values({
      id,
      tenant_id: tenantId,
      patient_id: patient(),
      template_id: r.pick(templates),
      department_id: r.chance(0.7) ? r.pick(departments) : null,
      status,
      started_at: new Date(began),
      completed_at: status === 'completed' || r.chance(0.1) ? new Date(ended) : null,
      cancelled_at: status === 'cancelled' ? new Date(ended) : null,
    });
    await bulkInsert(
      d,
      t.patientJourneyStages,
      [1, 2, 3].map((position) => {
        const st = r.pick(t.STAGE_STATUSES);
        const s0 = began + r.int(0, 5) * DAY;
        return {
          id: r.uuidv7(s0),
          tenant_id: tenantId,
          journey_id: id,
          position,
          name: `S${position}`,
          status: st,
          started_at: r.chance(0.9) ? iso(s0) : null,
          completed_at:
            st === 'completed' || r.chance(0.1)
              ? iso(s0 + r.int(-1, 6) * DAY + r.int(0, 600) * 60_000)
              : null,
        };
      }),
    );
  }

  for (let c = 0; c < 8; c++) {
    const opened = at();
    const conversationId = r.uuidv7(opened);
    const channel = r.pick(['whatsapp', 'sms', 'email'] as const);
    const closed = r.chance(0.5);
    await d.insert(t.conversations).values({
      id: conversationId,
      tenant_id: tenantId,
      patient_id: patient(),
      channel,
      status: closed ? 'closed' : 'open',
      opened_at: new Date(opened),
      closed_at: closed || r.chance(0.1) ? new Date(opened + r.int(-1, 9) * DAY) : null,
    });
    let m = opened;
    const messages = Array.from({ length: r.int(3, 12) }, () => {
      // Mostly in order, sometimes at the same second, sometimes out of order.
      m += r.weighted([
        [r.int(1, 600) * 60_000, 70],
        [0, 10],
        [-r.int(1, 120) * 60_000, 20],
      ] as const);
      const inbound = r.chance(0.55);
      return {
        id: r.uuidv7(m),
        tenant_id: tenantId,
        conversation_id: conversationId,
        patient_id: patient(),
        direction: inbound ? 'inbound' : 'outbound',
        channel: r.chance(0.9) ? channel : 'web',
        status: inbound ? 'received' : 'sent',
        created_at: iso(m),
      };
    });
    await bulkInsert(d, t.messages, messages);
  }

  const calls = Array.from({ length: 30 }, (_, k) => {
    const s = at();
    return {
      id: r.uuidv7(s),
      tenant_id: tenantId,
      external_call_id: `c${k}`,
      direction: r.chance(0.9) ? r.pick(['inbound', 'outbound'] as const) : null,
      agent_id: r.chance(0.8) ? r.pick(['a1', 'a2']) : null,
      started_at: r.chance(0.9) ? iso(s) : null,
      created_at: iso(s + r.int(0, 60) * 1000),
      duration_seconds: r.chance(0.9) ? r.int(0, 600) : null,
      end_reason: r.chance(0.9) ? r.pick(t.CALL_END_REASONS) : null,
      outcome: r.chance(0.7) ? r.pick(t.CALL_OUTCOMES) : null,
      booking_status: r.pick(['none', 'booked', 'booking_failed'] as const),
      sentiment: r.chance(0.8) ? r.pick(t.SENTIMENTS) : null,
    };
  });
  await bulkInsert(d, t.voiceCalls, calls);
  return { tenantId, timeZone, centre, ids: { practitioners, departments, locations } };
}

/** Changes after a first fold: the incremental path must reach the same state as the definition. */
async function mutate(r: Random, w: World) {
  const d = db.db;
  const ids = async (table: string) =>
    (
      await rowsOf<{ id: string }>(
        d,
        sql`select id::text from ${sql.raw(table)} where tenant_id = ${w.tenantId} order by id`,
      )
    ).map((x) => x.id);
  const appts = await ids('appointments');
  await d.transaction(async (tx) => {
    // Moved to another month: both months' rollups change.
    await tx.execute(
      sql`update appointments set starts_at = starts_at - interval '38 days' where id = ${r.pick(appts)}`,
    );
    for (let k = 0; k < 10; k++)
      await tx.execute(sql`update appointments set status = ${r.pick(t.APPOINTMENT_STATUSES)},
        starts_at = starts_at + ${`${r.int(-30, 30)} hours`}::interval, practitioner_id = ${r.pick(w.ids.practitioners)}
        where id = ${r.pick(appts)}`);
    await tx.execute(
      sql`delete from appointments where id = any(${`{${appts.slice(0, 3).join(',')}}`}::uuid[])`,
    );
  });
  // Unrelated columns only: nothing to mark, nothing must change.
  await d.execute(sql`update appointments set reason = 'checked' where tenant_id = ${w.tenantId}`);
  const journeys = await ids('patient_journeys');
  for (const id of journeys.slice(0, 4)) {
    const status = r.pick(t.JOURNEY_STATUSES);
    await d.execute(sql`update patient_journeys set status = ${status},
      completed_at = case when ${status} = 'completed' then started_at + interval '3 days 5 hours' else completed_at end,
      cancelled_at = case when ${status} = 'cancelled' then started_at + interval '1 day 23 hours' else null end
      where id = ${id}`);
    await d.execute(sql`update patient_journey_stages set status = 'completed',
      completed_at = coalesce(started_at, now()) + interval '30 hours' where journey_id = ${id} and position = ${r.int(1, 3)}`);
  }
  const conversations = await ids('conversations');
  for (const id of conversations.slice(0, 4)) {
    const [first] = await rowsOf<{ at: string }>(
      d,
      sql`select min(created_at)::text as at from messages where conversation_id = ${id}`,
    );
    // A late webhook: a message stamped before the conversation's later messages.
    await d.execute(sql`insert into messages (id, tenant_id, conversation_id, patient_id, direction, channel, status, created_at)
      select gen_random_uuid(), tenant_id, id, patient_id, ${r.pick(['inbound', 'outbound'])}, channel, 'received',
        ${first?.at ?? null}::timestamptz + ${`${r.int(1, 300)} minutes`}::interval from conversations where id = ${id}`);
  }
  await d.execute(
    sql`delete from messages where id in (select id from messages where tenant_id = ${w.tenantId} order by id limit 2)`,
  );
  await d.execute(sql`update conversations set status = 'closed', closed_at = opened_at + interval '26 hours'
    where id = ${r.pick(conversations)}`);
  await d.execute(sql`update voice_calls set end_reason = 'transferred', sentiment = 'negative', started_at = started_at - interval '20 hours'
    where id in (select id from voice_calls where tenant_id = ${w.tenantId} order by id limit 5)`);
}

function randomQuery(r: Random, w: World) {
  const named = TIME_PERIODS.filter((p) => p !== 'custom');
  const time_period = r.chance(0.5) ? 'custom' : r.pick(named);
  // Short ranges around the centre, or long ones over whole and partial months.
  const long = r.chance(0.4);
  const start_date = shiftDays(w.centre, long ? r.int(-80, 0) : r.int(-14, 8));
  const end_date = shiftDays(start_date, long ? r.int(25, 110) : r.int(0, 12));
  const now = new Date(
    startOfLocalDay(shiftDays(w.centre, r.int(-5, 45)), w.timeZone).getTime() + r.int(0, DAY - 1),
  );
  const period = resolvePeriod({ time_period, start_date, end_date }, w.timeZone, now);
  const filters: Filters = {};
  if (r.chance(0.3)) filters.practitioner_id = r.pick(w.ids.practitioners);
  if (r.chance(0.3)) filters.department_id = r.pick(w.ids.departments);
  if (r.chance(0.2)) filters.location_id = r.pick(w.ids.locations);
  if (r.chance(0.3)) filters.channel = r.pick(['whatsapp', 'sms', 'web']);
  return {
    tenantId: w.tenantId,
    period,
    aggregation: r.pick(AGGREGATIONS),
    filters,
    series: true,
    breakdowns: true,
  };
}

describe('rollups equal the base tables (property)', () => {
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
  it.each(seeds)('seed %i', async (seed) => {
    const r = new Random(seed * 7919);
    const timeZone = ZONES[seed % ZONES.length] as string;
    const centre = CENTRES[seed % CENTRES.length] as string;
    const world = await createWorld(r, timeZone, centre);
    const noise = await createWorld(r, ZONES[(seed + 1) % ZONES.length] as string, centre);
    await foldAll(db.db);
    await mutate(r, world);
    await mutate(r, noise);
    await foldAll(db.db);
    for (let q = 0; q < 6; q++) {
      const request = randomQuery(r, world);
      for (const section of SECTIONS) {
        const fromRollup = await computeSection(db.db, 'rollup', section, request);
        const fromBase = await computeSection(db.db, 'base', section, request);
        expect(fromRollup, `seed ${seed} ${timeZone} ${JSON.stringify(request)} ${section}`).toEqual(
          fromBase,
        );
      }
    }
    // Day boundaries as date-fns sees them in the zone agree with PostgreSQL's, one day at a time.
    const rows = await rowsOf<{ starts_at: string }>(
      db.db,
      sql`select starts_at::text from appointments where tenant_id = ${world.tenantId}`,
    );
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const day = localDay(new Date(row.starts_at), timeZone);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const window = resolvePeriod(
      { time_period: 'custom', start_date: shiftDays(centre, -140), end_date: shiftDays(centre, 60) },
      timeZone,
    );
    const daily = await computeSection(db.db, 'rollup', 'appointments', {
      tenantId: world.tenantId,
      period: window,
      aggregation: 'daily',
      filters: {},
      series: true,
      breakdowns: false,
    });
    for (const point of daily.series)
      expect(point.values.appointments_total, `${timeZone} ${point.start_date}`).toBe(
        perDay.get(point.start_date) ?? 0,
      );
    expect(daily.metrics.appointments_total?.value).toBe(rows.length);
  });

  it('a rebuild from scratch reaches the same rollups as the incremental folds', async () => {
    const tables = Object.values(FACTS).flatMap((f) => {
      const dims = Object.keys(f.dims);
      const medians = f.medians ? [[f.medians, 'day', ...dims.filter((d) => !f.keep.includes(d))]] : [];
      return [[f.table, 'day', ...dims], [f.monthly, 'month', ...dims], ...medians];
    });
    const snapshot = () =>
      Promise.all(
        tables.map(([table, ...keys]) =>
          rowsOf<Record<string, unknown>>(
            db.db,
            sql.raw(`select * from ${table} order by ${['tenant_id', 'is_total', ...keys].join(', ')}`),
          ),
        ),
      );
    const before = await snapshot();
    expect(before.flat().length).toBeGreaterThan(500);
    for (const rows of before) expect(rows.length).toBeGreaterThan(0);
    await rebuildAll(db.db);
    expect(await snapshot()).toEqual(before);
  });
});
