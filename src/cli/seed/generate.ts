import { TZDate } from '@date-fns/tz';
import type { DbOrTx } from '../../server/platform/db/client.js';
import * as t from '../../server/platform/db/schema/index.js';
import { BatchWriter } from './bulk.js';
import * as N from './names.js';
import { Random } from './random.js';

export type SeedOptions = {
  seed: number;
  tenants: number;
  patients: number;
  days: number;
  /** Practitioners per tenant (two per department by default). */
  practitioners: number;
  /** Appointments per practitioner per working day. */
  perDay: number;
  now: Date;
  /** Password hash for the demo users (hashing is slow; the caller does it once). */
  passwordHash: string;
};

export const DEFAULT_SEED: Omit<SeedOptions, 'now' | 'passwordHash'> = {
  seed: 42,
  tenants: 1,
  patients: 1500,
  days: 365,
  practitioners: 16,
  perDay: 8,
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ORDER = [
  t.organizations,
  t.users,
  t.departments,
  t.locations,
  t.practitioners,
  t.patients,
  t.journeyTemplates,
  t.journeyTemplateStages,
  t.patientJourneys,
  t.patientJourneyStages,
  t.appointments,
  t.conversations,
  t.messages,
  t.voiceCalls,
  t.voiceTranscriptSegments,
];

const iso = (ms: number) => new Date(ms).toISOString();
const sid = (r: Random, prefix: string) =>
  prefix + Array.from({ length: 32 }, () => Math.floor(r.next() * 16).toString(16)).join('');

export type SeededTenant = { id: string; name: string; slug: string; emails: Record<t.Role, string> };

/** A demo clinic group: organisation, staff, directory, patients and a year of activity. */
export async function generate(
  db: DbOrTx,
  opts: SeedOptions,
  onWrite: (table: string, n: number) => void,
): Promise<SeededTenant[]> {
  const out: SeededTenant[] = [];
  for (let i = 0; i < opts.tenants; i++) {
    const w = new BatchWriter(db, ORDER, onWrite);
    out.push(await generateTenant(w, opts, i));
    await w.flush();
  }
  return out;
}

async function generateTenant(w: BatchWriter, o: SeedOptions, index: number): Promise<SeededTenant> {
  const r = new Random(o.seed * 1000 + index);
  const now = o.now.getTime();
  const start = now - o.days * DAY;
  const tz = 'Asia/Kolkata';
  const name = index === 0 ? 'Sunrise Health Clinics' : `Demo Clinic Group ${index + 1}`;
  const slug = index === 0 ? 'demo' : `demo-${index + 1}`;
  const tenant_id = r.uuidv7(start - DAY);
  const created_at = iso(start - DAY);
  await w.add(t.organizations, {
    id: tenant_id,
    name,
    slug,
    time_zone: tz,
    locale: 'en-IN',
    created_at,
    updated_at: created_at,
  });
  const emails = {} as Record<t.Role, string>;
  for (const role of t.ROLES) {
    emails[role] = `${role}@${slug}.prm.local`;
    await w.add(t.users, {
      id: r.uuidv7(start - DAY),
      tenant_id,
      email: emails[role],
      name: `${role === 'admin' ? 'Anita' : role === 'staff' ? 'Sanjay' : 'Farah'} (${role})`,
      role,
      password_hash: o.passwordHash,
      created_at,
      updated_at: created_at,
    });
  }
  const base = { tenant_id, created_at, updated_at: created_at };
  const departments = N.DEPARTMENTS.map((d) => ({ id: r.uuidv7(start - DAY), name: d }));
  for (const d of departments) await w.add(t.departments, { ...d, ...base });
  const locations = N.LOCATIONS.map(([n, address]) => ({ id: r.uuidv7(start - DAY), name: n, address }));
  for (const l of locations) await w.add(t.locations, { ...l, ...base });
  const practitioners = Array.from({ length: o.practitioners }, (_, k) => {
    const dept = departments[k % departments.length] as { id: string; name: string };
    const female = r.chance(0.5);
    return {
      id: r.uuidv7(start - DAY),
      name: `Dr. ${r.pick(female ? N.FIRST_NAMES_F : N.FIRST_NAMES_M)} ${r.pick(N.LAST_NAMES)}`,
      title: 'Dr.',
      specialty: N.SPECIALTY_TITLES[dept.name] ?? dept.name,
      department_id: dept.id,
      location_id: (locations[k % locations.length] as { id: string }).id,
    };
  });
  for (const p of practitioners) await w.add(t.practitioners, { ...p, active: true, ...base });

  const phones = new Set<string>();
  const patients = Array.from({ length: o.patients }, (_, k) => {
    const female = r.chance(0.52);
    let phone: string;
    do
      phone = `+91${r.pick(['98', '99', '97', '96', '94', '93', '90', '88', '87', '70', '63'])}${r.int(10_000_000, 99_999_999)}`;
    while (phones.has(phone));
    phones.add(phone);
    const full =
      k % 97 === 5
        ? (N.NATIVE_SCRIPT_NAMES[k % N.NATIVE_SCRIPT_NAMES.length] as string)
        : `${r.pick(female ? N.FIRST_NAMES_F : N.FIRST_NAMES_M)} ${r.pick(N.LAST_NAMES)}`;
    const at = start - r.int(1, 400) * DAY;
    return {
      id: r.uuidv7(at),
      full_name: full,
      phone,
      gender: female ? 'female' : 'male',
      created: at,
      language: r.weighted(N.LANGUAGES),
    };
  });
  for (const p of patients) {
    const year = 1945 + r.int(0, 70);
    await w.add(t.patients, {
      id: p.id,
      tenant_id,
      full_name: p.full_name,
      phone: p.phone,
      email: r.chance(0.6) ? `${p.id.slice(-8)}@example.in` : null,
      date_of_birth: `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      gender: p.gender,
      preferred_language: p.language,
      tags: r.chance(0.1) ? ['vip'] : r.chance(0.15) ? ['insurance'] : [],
      whatsapp_consent: r.weighted([
        ['opted_in', 80],
        ['unknown', 17],
        ['opted_out', 3],
      ]),
      created_at: iso(p.created),
      updated_at: iso(p.created),
    });
  }

  await generateJourneys(w, r, tenant_id, departments, patients, start, now);
  const voiceBookings = await generateAppointments(
    w,
    r,
    o,
    tenant_id,
    practitioners,
    patients,
    start,
    now,
    tz,
  );
  await generateConversations(w, r, tenant_id, patients, start, now);
  await generateCalls(w, r, o, tenant_id, patients, voiceBookings, start, now);
  return { id: tenant_id, name, slug, emails };
}

type P = { id: string; phone: string };

async function generateJourneys(
  w: BatchWriter,
  r: Random,
  tenant_id: string,
  departments: { id: string; name: string }[],
  patients: P[],
  start: number,
  now: number,
) {
  const templates = N.JOURNEY_TEMPLATES.map((tpl) => ({
    id: r.uuidv7(start - DAY),
    ...tpl,
    department_id: departments.find((d) => d.name === tpl.department)?.id ?? null,
  }));
  for (const tpl of templates) {
    await w.add(t.journeyTemplates, {
      id: tpl.id,
      tenant_id,
      name: tpl.name,
      description: `${tpl.stages.length}-stage care pathway`,
      department_id: tpl.department_id,
      created_at: iso(start - DAY),
      updated_at: iso(start - DAY),
    });
    for (const [i, stage] of tpl.stages.entries())
      await w.add(t.journeyTemplateStages, {
        id: r.uuidv7(start - DAY),
        tenant_id,
        template_id: tpl.id,
        position: i + 1,
        name: stage,
        expected_duration_days: 7 + i * 7,
      });
  }
  for (const p of patients) {
    if (!r.chance(0.3)) continue;
    const tpl = r.pick(templates);
    const began = start + r.next() * (now - start) * 0.95;
    const status = r.weighted([
      ['active', 50],
      ['completed', 35],
      ['cancelled', 15],
    ] as const);
    const id = r.uuidv7(began);
    const n = tpl.stages.length;
    // How many stages are done: all when completed, some when active or cancelled.
    const done = status === 'completed' ? n : r.int(0, n - 1);
    const stepMs = Math.min((now - began) / (n + 1), 21 * DAY);
    const endedAt = began + stepMs * Math.max(done, 1);
    await w.add(t.patientJourneys, {
      id,
      tenant_id,
      patient_id: p.id,
      template_id: tpl.id,
      department_id: tpl.department_id,
      status,
      started_at: iso(began),
      completed_at: status === 'completed' ? iso(endedAt) : null,
      cancelled_at: status === 'cancelled' ? iso(endedAt) : null,
      created_at: iso(began),
      updated_at: iso(endedAt),
    });
    for (let i = 0; i < n; i++) {
      const stageStatus =
        i < done ? 'completed' : i === done && status === 'active' ? 'in_progress' : 'pending';
      await w.add(t.patientJourneyStages, {
        id: r.uuidv7(began),
        tenant_id,
        journey_id: id,
        position: i + 1,
        name: tpl.stages[i],
        status: stageStatus,
        started_at: i <= done ? iso(began + stepMs * i) : null,
        completed_at: i < done ? iso(began + stepMs * (i + 1)) : null,
      });
    }
  }
}

type VoiceBooking = { appointment_id: string; patient: P; booked_at: number };

async function generateAppointments(
  w: BatchWriter,
  r: Random,
  o: SeedOptions,
  tenant_id: string,
  practitioners: { id: string; department_id: string; location_id: string }[],
  patients: P[],
  start: number,
  now: number,
  tz: string,
): Promise<VoiceBooking[]> {
  const voice: VoiceBooking[] = [];
  const lastDay = now + 30 * DAY;
  for (let day = start; day < lastDay; day += DAY) {
    const local = new TZDate(day, tz);
    if (local.getDay() === 0) continue;
    const opening = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 9, 0, 0, tz).getTime();
    const perDay = local.getDay() === 6 ? Math.ceil(o.perDay / 2) : o.perDay;
    for (const pr of practitioners) {
      // 36 quarter-hour slots from 09:00; each booked slot is distinct, so nobody is double-booked.
      const slots = new Set<number>();
      const want = Math.min(36, Math.max(0, perDay + r.int(-2, 2)));
      while (slots.size < want) slots.add(r.int(0, 35));
      for (const slot of slots) {
        const startsAt = opening + slot * 15 * MIN;
        const patient = r.pick(patients);
        const lead = r.weighted([
          [r.int(1, 12) * HOUR, 30],
          [r.int(1, 7) * DAY, 45],
          [r.int(8, 30) * DAY, 25],
        ] as const);
        const bookedAt = Math.min(startsAt - lead, now - MIN);
        const status = appointmentStatus(r, startsAt, now);
        const source = r.weighted([
          ['staff', 55],
          ['whatsapp', 15],
          ['voice', 20],
          ['online', 10],
        ] as const);
        const id = r.uuidv7(bookedAt);
        const at = (offset: number) => iso(Math.min(startsAt + offset, now));
        const confirmed = status !== 'booked' && status !== 'cancelled' && r.chance(0.8);
        await w.add(t.appointments, {
          id,
          tenant_id,
          patient_id: patient.id,
          practitioner_id: pr.id,
          department_id: pr.department_id,
          location_id: pr.location_id,
          starts_at: iso(startsAt),
          ends_at: iso(startsAt + 15 * MIN),
          duration_minutes: 15,
          status,
          source,
          reason: r.pick(N.VISIT_REASONS),
          cancel_reason:
            status === 'cancelled'
              ? r.pick(['Patient request', 'Doctor unavailable', 'Feeling better'])
              : null,
          booked_at: iso(bookedAt),
          confirmed_at:
            confirmed || status === 'confirmed' ? iso(bookedAt + (startsAt - bookedAt) / 2) : null,
          checked_in_at: status === 'checked_in' || status === 'completed' ? at(-10 * MIN) : null,
          completed_at: status === 'completed' ? at(15 * MIN) : null,
          cancelled_at:
            status === 'cancelled' ? iso(Math.min(bookedAt + (startsAt - bookedAt) * 0.7, now)) : null,
          no_show_at: status === 'no_show' ? at(30 * MIN) : null,
          created_at: iso(bookedAt),
          updated_at: iso(Math.min(startsAt, now)),
        });
        if (source === 'voice') voice.push({ appointment_id: id, patient, booked_at: bookedAt });
      }
    }
  }
  return voice;
}

function appointmentStatus(r: Random, startsAt: number, now: number): t.AppointmentStatus {
  if (startsAt + 30 * MIN < now)
    return r.weighted([
      ['completed', 74],
      ['no_show', 9],
      ['cancelled', 17],
    ] as const);
  if (startsAt < now)
    return r.weighted([
      ['checked_in', 50],
      ['completed', 30],
      ['confirmed', 20],
    ] as const);
  return r.weighted([
    ['booked', 50],
    ['confirmed', 38],
    ['cancelled', 12],
  ] as const);
}

async function generateConversations(
  w: BatchWriter,
  r: Random,
  tenant_id: string,
  patients: P[],
  start: number,
  now: number,
) {
  for (const p of patients) {
    if (!r.chance(0.45)) continue;
    const opened = start + r.next() * (now - start);
    const conversation_id = r.uuidv7(opened);
    let at = opened;
    let lastInbound = opened;
    let unread = 0;
    const count = r.int(2, 10);
    const rows: Record<string, unknown>[] = [];
    for (let k = 0; k < count && at < now; k++) {
      const inbound = k % 2 === 0 || r.chance(0.2);
      const status = inbound
        ? 'received'
        : r.weighted([
            ['read', 60],
            ['delivered', 25],
            ['sent', 8],
            ['failed', 4],
            ['undelivered', 3],
          ] as const);
      const times: Record<string, string> = inbound
        ? { received: iso(at) }
        : { queued: iso(at), sent: iso(at + 2000) };
      if (status === 'delivered' || status === 'read') times.delivered = iso(at + 5000);
      if (status === 'read') times.read = iso(at + r.int(1, 120) * MIN);
      if (status === 'failed' || status === 'undelivered') times[status] = iso(at + 5000);
      rows.push({
        id: r.uuidv7(at),
        tenant_id,
        conversation_id,
        patient_id: p.id,
        direction: inbound ? 'inbound' : 'outbound',
        channel: 'whatsapp',
        external_id: sid(r, 'SM'),
        message_type: 'text',
        body: r.pick(inbound ? N.INBOUND_MESSAGES : N.OUTBOUND_MESSAGES),
        media: [],
        status,
        status_times: times,
        error_code: status === 'failed' ? '63016' : status === 'undelivered' ? '63032' : null,
        error_message:
          status === 'failed'
            ? 'Outside the allowed window'
            : status === 'undelivered'
              ? 'User blocked'
              : null,
        created_at: iso(at),
        updated_at: iso(at),
      });
      if (inbound) {
        lastInbound = at;
        unread++;
      } else unread = 0;
      at += r.weighted([
        [r.int(1, 15) * MIN, 50],
        [r.int(1, 6) * HOUR, 35],
        [r.int(1, 3) * DAY, 15],
      ] as const);
    }
    const closed = at < now - 7 * DAY && r.chance(0.6);
    const last = Math.min(at, now);
    await w.add(t.conversations, {
      id: conversation_id,
      tenant_id,
      patient_id: p.id,
      channel: 'whatsapp',
      status: closed ? 'closed' : 'open',
      last_message_at: iso(last),
      last_inbound_at: iso(lastInbound),
      unread_count: closed ? 0 : unread,
      opened_at: iso(opened),
      closed_at: closed ? iso(last + DAY) : null,
      created_at: iso(opened),
      updated_at: iso(last),
    });
    for (const m of rows) await w.add(t.messages, m);
  }
}

async function generateCalls(
  w: BatchWriter,
  r: Random,
  o: SeedOptions,
  tenant_id: string,
  patients: P[],
  bookings: VoiceBooking[],
  start: number,
  now: number,
) {
  const clinicNumber = '+918045678900';
  const agents = [
    { id: 'agent_front_desk', name: 'Front desk' },
    { id: 'agent_reminders', name: 'Reminders' },
  ];
  const other = Math.round(((o.days * o.practitioners * o.perDay) / 6) * 0.6);
  const calls: { at: number; patient: P; booking?: VoiceBooking }[] = bookings
    .filter((b) => b.booked_at > start)
    .map((b) => ({ at: b.booked_at - 3 * MIN, patient: b.patient, booking: b }));
  for (let k = 0; k < other; k++)
    calls.push({ at: start + r.next() * (now - start), patient: r.pick(patients) });
  for (const c of calls) {
    const inbound = c.booking ? true : r.chance(0.8);
    const endReason = c.booking
      ? 'completed'
      : r.weighted([
          ['completed', 62],
          ['caller_hangup', 12],
          ['transferred', 10],
          ['no_answer', 8],
          ['voicemail', 4],
          ['busy', 2],
          ['failed', 2],
        ] as const);
    const answered = !['no_answer', 'busy', 'failed', 'voicemail'].includes(endReason);
    const duration = answered ? r.int(40, 420) : 0;
    const outcome = !answered
      ? null
      : c.booking
        ? 'appointment_booked'
        : endReason === 'transferred'
          ? 'transferred_to_staff'
          : r.weighted([
              ['information_given', 55],
              ['appointment_rescheduled', 15],
              ['appointment_cancelled', 10],
              ['no_resolution', 20],
            ] as const);
    const intent = {
      appointment_booked: 'book_appointment',
      appointment_rescheduled: 'reschedule',
      appointment_cancelled: 'cancel',
      transferred_to_staff: r.pick(['complaint', 'other'] as const),
      information_given: 'enquiry',
      no_resolution: 'other',
    } as const;
    const id = r.uuidv7(c.at);
    const agent = inbound ? agents[0] : agents[1];
    await w.add(t.voiceCalls, {
      id,
      tenant_id,
      provider: 'generic',
      external_call_id: `call_${id.replace(/-/g, '').slice(0, 24)}`,
      patient_id: c.patient.id,
      direction: inbound ? 'inbound' : 'outbound',
      from_number: inbound ? c.patient.phone : clinicNumber,
      to_number: inbound ? clinicNumber : c.patient.phone,
      agent_id: agent?.id,
      agent_name: agent?.name,
      started_at: iso(c.at),
      ended_at: iso(c.at + duration * 1000),
      duration_seconds: duration,
      end_reason: endReason,
      recording_url: null,
      summary: outcome ? N.CALL_SUMMARIES[outcome] : null,
      sentiment: answered
        ? r.weighted([
            ['positive', 50],
            ['neutral', 35],
            ['negative', 15],
          ] as const)
        : null,
      intent: outcome ? intent[outcome] : null,
      outcome,
      booking: null,
      booking_status: c.booking ? 'booked' : 'none',
      booking_error: null,
      appointment_id: c.booking?.appointment_id ?? null,
      metadata: {},
      created_at: iso(c.at),
      updated_at: iso(c.at + duration * 1000),
    });
    if (!answered) continue;
    const turns = [
      ['agent', 'Namaste, thank you for calling Sunrise Health. How can I help you today?'],
      [
        'caller',
        c.booking
          ? 'I would like to book an appointment with the doctor.'
          : 'I had a question about the clinic.',
      ],
      [
        'agent',
        c.booking
          ? 'Certainly. I have a slot available; shall I book it for you?'
          : 'Of course, please go ahead.',
      ],
      ['caller', c.booking ? 'Yes please, that works.' : 'What are your timings on Saturday?'],
      [
        'agent',
        c.booking
          ? 'Done. You will get a WhatsApp confirmation shortly.'
          : 'We are open 9 am to 2 pm on Saturdays.',
      ],
    ] as const;
    let ms = 0;
    for (const [seq, [speaker, text]] of turns.entries()) {
      const len = text.length * 60;
      await w.add(t.voiceTranscriptSegments, {
        id: r.uuidv7(c.at),
        tenant_id,
        call_id: id,
        seq,
        speaker,
        text,
        start_ms: ms,
        end_ms: ms + len,
      });
      ms += len + 400;
    }
  }
}
