import { CALL_SUMMARIES } from '../seed/names.js';
import { Random } from '../seed/random.js';

export const CLINIC_NUMBER = '+918045678900';
const MIN = 60_000;

export type PlannedEvent = { call: number; body: Record<string, unknown> };

export type VoicePlan = {
  /** In sending order: per call, its events as the platform would deliver them (shuffled, repeated). */
  calls: PlannedEvent[][];
  /** Bookings whose slot is free in the plan; each should become exactly one appointment. */
  bookings: number;
  /** Bookings that reuse an earlier booking's slot: each should end as `booking_failed`. */
  clashes: number;
  outOfOrder: number;
  duplicates: number;
};

export type PlanOptions = { calls: number; seed: number; practitioners: string[]; now: Date };

const phoneOf = (r: Random) => `+9198${String(r.int(0, 99_999_999)).padStart(8, '0')}`;

/** A working-hours slot on one of the next 30 days, on the quarter hour (IST). */
function slotOf(r: Random, now: Date) {
  const day = new Date(now.getTime() + r.int(1, 30) * 24 * 60 * MIN);
  day.setUTCHours(3, 30, 0, 0); // 09:00 in Kolkata
  return new Date(day.getTime() + r.int(0, 31) * 15 * MIN).toISOString();
}

const shuffle = <T>(r: Random, items: T[]) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
};

/**
 * Realistic call sequences, the same for the same seed: started → ended → analyzed, a quarter delivered out
 * of order, some events repeated, some bookings aimed at a slot an earlier call already took.
 */
export function planVoiceCalls(o: PlanOptions): VoicePlan {
  const r = new Random(o.seed);
  const run = `${o.seed}_${o.now.getTime().toString(36)}`;
  const taken: { practitioner_id: string; start: string }[] = [];
  const plan: VoicePlan = { calls: [], bookings: 0, clashes: 0, outOfOrder: 0, duplicates: 0 };
  for (let i = 0; i < o.calls; i++) {
    const call_id = `call_sim_${run}_${i}`;
    const inbound = r.chance(0.75);
    const caller = phoneOf(r);
    const startedAt = new Date(o.now.getTime() - r.int(5, 240) * MIN);
    const answered = r.chance(0.88);
    const duration = answered ? r.int(40, 420) : 0;
    const endedAt = new Date(startedAt.getTime() + duration * 1000);
    const common = {
      call_id,
      direction: inbound ? 'inbound' : 'outbound',
      from: inbound ? caller : CLINIC_NUMBER,
      to: inbound ? CLINIC_NUMBER : caller,
      agent: inbound
        ? { id: 'agent_front_desk', name: 'Front desk' }
        : { id: 'agent_reminders', name: 'Reminders' },
    };
    const events: Record<string, unknown>[] = [
      {
        ...common,
        event: 'call.started',
        event_id: `evt_${call_id}_s`,
        occurred_at: startedAt.toISOString(),
        started_at: startedAt.toISOString(),
      },
      {
        ...common,
        event: 'call.ended',
        event_id: `evt_${call_id}_e`,
        occurred_at: endedAt.toISOString(),
        started_at: startedAt.toISOString(),
        ended_at: endedAt.toISOString(),
        duration_seconds: duration,
        end_reason: answered
          ? r.weighted([
              ['completed', 80],
              ['caller_hangup', 12],
              ['transferred', 8],
            ] as const)
          : r.pick(['no_answer', 'busy', 'voicemail'] as const),
        transcript: answered
          ? [
              {
                speaker: 'agent',
                text: 'Namaste, thank you for calling Sunrise Health. How can I help you?',
                start_ms: 0,
                end_ms: 3200,
              },
              {
                speaker: 'caller',
                text: 'I would like to see a doctor this week.',
                start_ms: 3600,
                end_ms: 6100,
              },
              {
                speaker: 'agent',
                text: 'Certainly, let me check the calendar for you.',
                start_ms: 6500,
                end_ms: 8800,
              },
            ]
          : [],
      },
    ];
    if (answered) {
      const canBook = inbound && o.practitioners.length > 0;
      const outcome = r.weighted([
        ['appointment_booked', canBook ? 40 : 0],
        ['information_given', 30],
        ['transferred_to_staff', 10],
        ['no_resolution', 20],
      ] as const);
      let booking: Record<string, unknown> | undefined;
      if (outcome === 'appointment_booked') {
        const clash = taken.length > 0 && r.chance(0.2);
        const slot = clash
          ? r.pick(taken)
          : { practitioner_id: r.pick(o.practitioners), start: slotOf(r, o.now) };
        // Two random slots can coincide too: count what the server will see, not what was intended.
        const isClash = taken.some(
          (t) => t.practitioner_id === slot.practitioner_id && t.start === slot.start,
        );
        if (isClash) plan.clashes++;
        else {
          plan.bookings++;
          taken.push(slot);
        }
        booking = { ...slot, duration_minutes: 15, reason: 'Consultation booked by the voice agent' };
      }
      events.push({
        event: 'call.analyzed',
        event_id: `evt_${call_id}_a`,
        call_id,
        occurred_at: new Date(endedAt.getTime() + 20_000).toISOString(),
        analysis: {
          summary: CALL_SUMMARIES[outcome],
          sentiment: r.weighted([
            ['positive', 50],
            ['neutral', 35],
            ['negative', 15],
          ] as const),
          intent: outcome === 'appointment_booked' ? 'book_appointment' : 'enquiry',
          outcome,
          ...(booking ? { booking } : {}),
        },
      });
    }
    if (r.chance(0.25)) {
      shuffle(r, events);
      plan.outOfOrder++;
    }
    const delivered = [...events];
    for (const e of events)
      if (r.chance(0.12)) {
        delivered.splice(r.int(0, delivered.length), 0, e);
        plan.duplicates++;
      }
    plan.calls.push(delivered.map((body) => ({ call: i, body })));
  }
  return plan;
}
