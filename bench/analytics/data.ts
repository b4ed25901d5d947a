import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client.js';

export type Volume = {
  appointments: number;
  messages: number;
  calls: number;
  journeys: number;
  practitioners: number;
  patients: number;
};

const step = async (label: string, work: () => Promise<unknown>, log: (s: string) => void) => {
  const t0 = performance.now();
  await work();
  log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
};

/**
 * One organisation with the given volumes spread over the last two years, generated inside PostgreSQL
 * (generate_series), with the analytics triggers switched off for the load (the caller rebuilds).
 * `n` keeps phone numbers of different organisations apart.
 */
export async function generateTenant(
  db: Db,
  n: number,
  v: Volume,
  log: (s: string) => void,
): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local prm.analytics_bulk = 'on'`);
    await tx.execute(sql`set local synchronous_commit = off`);
    const [org] = (
      (await tx.execute(sql`insert into organizations (id, name, slug, time_zone)
        values (gen_random_uuid(), ${`Bench ${n}`}, ${`bench-${n}-${Date.now()}`}, 'Asia/Kolkata') returning id::text`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    const t = org?.id as string;
    await step(
      'directory',
      async () => {
        await tx.execute(sql`insert into departments (id, tenant_id, name)
          select gen_random_uuid(), ${t}, 'Department ' || g from generate_series(1, 8) g`);
        await tx.execute(sql`insert into locations (id, tenant_id, name)
          select gen_random_uuid(), ${t}, 'Location ' || g from generate_series(1, 4) g`);
        await tx.execute(sql`insert into practitioners (id, tenant_id, name, department_id, location_id)
          select gen_random_uuid(), ${t}, 'Dr. Bench ' || g,
            (select id from departments where tenant_id = ${t} order by id offset g % 8 limit 1),
            (select id from locations where tenant_id = ${t} order by id offset g % 4 limit 1)
          from generate_series(1, ${v.practitioners}) g`);
        await tx.execute(sql`insert into patients (id, tenant_id, full_name, phone)
          select gen_random_uuid(), ${t}, 'Bench patient ' || g, '+91' || (6000000000 + ${n} * 100000000 + g)::text
          from generate_series(1, ${v.patients}) g`);
        await tx.execute(sql`insert into journey_templates (id, tenant_id, name, department_id)
          select gen_random_uuid(), ${t}, 'Pathway ' || g,
            (select id from departments where tenant_id = ${t} order by id offset g limit 1) from generate_series(1, 4) g`);
        await tx.execute(sql`create temp table bench_pr on commit drop as
          select row_number() over (order by id) - 1 as n, id, department_id, location_id from practitioners where tenant_id = ${t}`);
        await tx.execute(sql`create temp table bench_pa on commit drop as
          select row_number() over (order by id) - 1 as n, id from patients where tenant_id = ${t}`);
        await tx.execute(sql`create temp table bench_tp on commit drop as
          select row_number() over (order by id) - 1 as n, id, department_id from journey_templates where tenant_id = ${t}`);
      },
      log,
    );
    await step(
      `${v.appointments} appointments`,
      () =>
        tx.execute(sql`insert into appointments (id, tenant_id, patient_id, practitioner_id, department_id, location_id,
            starts_at, ends_at, duration_minutes, status, booked_at)
          select gen_random_uuid(), ${t}, pa.id, pr.id, pr.department_id, pr.location_id, s.at, s.at + interval '15 minutes', 15,
            case when s.at > now() then (array['booked', 'confirmed'])[1 + (g % 2)]
              else (array['completed', 'completed', 'completed', 'completed', 'cancelled', 'no_show', 'completed', 'checked_in'])[1 + (g % 8)] end,
            s.at - (g % 500) * interval '1 hour'
          from generate_series(1, ${v.appointments}) g
          cross join lateral (select now() - interval '730 days' + (g::float8 / ${v.appointments}) * interval '760 days' as at) s
          join bench_pr pr on pr.n = g % ${v.practitioners}
          join bench_pa pa on pa.n = (g::bigint * 7919) % ${v.patients}`),
      log,
    );
    const conversations = Math.ceil(v.messages / 10);
    await step(
      `${conversations} conversations, ${conversations * 10} messages`,
      async () => {
        await tx.execute(sql`insert into conversations (id, tenant_id, patient_id, channel, status, opened_at, closed_at)
          select gen_random_uuid(), ${t}, pa.id, (array['whatsapp', 'whatsapp', 'whatsapp', 'sms'])[1 + (g % 4)],
            case when g % 3 = 0 then 'closed' else 'open' end, s.at,
            case when g % 3 = 0 then s.at + interval '2 days' end
          from generate_series(1, ${conversations}) g
          cross join lateral (select now() - interval '730 days' + (g::float8 / ${conversations}) * interval '730 days' as at) s
          join bench_pa pa on pa.n = (g::bigint * 104729) % ${v.patients}`);
        await tx.execute(sql`insert into messages (id, tenant_id, conversation_id, patient_id, direction, channel, status, created_at)
          select gen_random_uuid(), c.tenant_id, c.id, c.patient_id,
            case when k % 2 = 1 or k = 4 then 'inbound' else 'outbound' end, c.channel,
            case when k % 2 = 1 or k = 4 then 'received' else 'delivered' end,
            c.opened_at + k * (1 + (hashtext(c.id::text || k) & 1023)) * interval '1 minute'
          from conversations c cross join generate_series(1, 10) k where c.tenant_id = ${t}`);
      },
      log,
    );
    await step(
      `${v.calls} calls`,
      () =>
        tx.execute(sql`insert into voice_calls (id, tenant_id, external_call_id, patient_id, direction, agent_id, started_at,
            ended_at, duration_seconds, end_reason, outcome, booking_status, sentiment)
          select gen_random_uuid(), ${t}, 'bench-' || g, pa.id, case when g % 5 = 0 then 'outbound' else 'inbound' end,
            case when g % 5 = 0 then 'agent_reminders' else 'agent_front_desk' end, s.at, s.at + (g % 400) * interval '1 second',
            g % 400, (array['completed', 'completed', 'completed', 'transferred', 'no_answer', 'caller_hangup', 'busy', 'completed'])[1 + (g % 8)],
            (array['appointment_booked', 'information_given', 'no_resolution', 'transferred_to_staff'])[1 + (g % 4)],
            case when g % 4 = 0 then 'booked' else 'none' end,
            (array['positive', 'neutral', 'negative', 'positive'])[1 + (g % 4)]
          from generate_series(1, ${v.calls}) g
          cross join lateral (select now() - interval '730 days' + (g::float8 / ${v.calls}) * interval '730 days' as at) s
          join bench_pa pa on pa.n = (g::bigint * 31) % ${v.patients}`),
      log,
    );
    await step(
      `${v.journeys} journeys`,
      async () => {
        await tx.execute(sql`insert into patient_journeys (id, tenant_id, patient_id, template_id, department_id, status,
            started_at, completed_at, cancelled_at)
          select gen_random_uuid(), ${t}, pa.id, tp.id, tp.department_id,
            (array['active', 'completed', 'cancelled', 'completed'])[1 + (g % 4)], s.at,
            case when g % 4 in (1, 3) then s.at + interval '40 days' end, case when g % 4 = 2 then s.at + interval '15 days' end
          from generate_series(1, ${v.journeys}) g
          cross join lateral (select now() - interval '730 days' + (g::float8 / ${v.journeys}) * interval '700 days' as at) s
          join bench_pa pa on pa.n = (g::bigint * 13) % ${v.patients}
          join bench_tp tp on tp.n = g % 4`);
        await tx.execute(sql`insert into patient_journey_stages (id, tenant_id, journey_id, position, name, status, started_at, completed_at)
          select gen_random_uuid(), j.tenant_id, j.id, k, 'Stage ' || k,
            case when j.status = 'completed' or k = 1 then 'completed' else 'pending' end,
            j.started_at + (k - 1) * interval '10 days',
            case when j.status = 'completed' or k = 1 then j.started_at + k * interval '10 days' end
          from patient_journeys j cross join generate_series(1, 3) k where j.tenant_id = ${t}`);
      },
      log,
    );
    return t;
  });
}
