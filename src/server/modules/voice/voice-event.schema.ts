import { z } from 'zod';
import { CALL_END_REASONS, CALL_INTENTS, CALL_OUTCOMES, SENTIMENTS } from '../../platform/db/schema/index.js';
import { instant, optionalText, phone, text } from '../../platform/http/schemas.js';

export const VOICE_EVENTS = ['call.started', 'call.ended', 'call.analyzed'] as const;
export type VoiceEventType = (typeof VOICE_EVENTS)[number];

/** A whole call's transcript, summed over its segments: a transcript longer than this is not a call. */
export const MAX_TRANSCRIPT_CHARS = 200_000;

const segment = z.object({
  speaker: z.enum(['agent', 'caller']),
  text: z.string().max(10_000),
  start_ms: z.number().int().min(0).max(86_400_000).nullish(),
  end_ms: z.number().int().min(0).max(86_400_000).nullish(),
});

const booking = z.object({
  practitioner_id: z.uuid().nullish(),
  department: optionalText(200),
  start: instant.nullish(),
  duration_minutes: z.number().int().min(5).max(480).nullish(),
  reason: optionalText(1000),
  /** The appointment a reschedule or cancel acts on. */
  appointment_id: z.uuid().nullish(),
});

const metadataValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

/**
 * One voice-agent event (docs: README "Voice-agent webhooks"). Not strict: platforms add their own fields,
 * which PRM keeps in the raw ledger row instead of refusing the event.
 */
export const voiceEvent = z
  .object({
    event: z.enum(VOICE_EVENTS),
    event_id: text(200),
    call_id: text(200),
    occurred_at: instant,
    direction: z.enum(['inbound', 'outbound']).nullish(),
    from: phone.nullish(),
    to: phone.nullish(),
    agent: z.object({ id: text(200), name: optionalText(200) }).nullish(),
    started_at: instant.nullish(),
    ended_at: instant.nullish(),
    duration_seconds: z.number().int().min(0).max(86_400).nullish(),
    end_reason: z.enum(CALL_END_REASONS).nullish(),
    recording_url: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .nullish(),
    transcript: z
      .array(segment)
      .max(5000)
      .refine(
        (segs) => segs.reduce((n, s) => n + s.text.length, 0) <= MAX_TRANSCRIPT_CHARS,
        `Transcript longer than ${MAX_TRANSCRIPT_CHARS} characters`,
      )
      .nullish(),
    analysis: z
      .object({
        summary: optionalText(5000),
        sentiment: z.enum(SENTIMENTS).nullish(),
        intent: z.enum(CALL_INTENTS).nullish(),
        outcome: z.enum(CALL_OUTCOMES).nullish(),
        booking: booking.nullish(),
      })
      .nullish(),
    metadata: z
      .record(z.string().max(100), metadataValue)
      .refine((m) => Object.keys(m).length <= 50, 'At most 50 metadata keys')
      .nullish(),
  })
  .superRefine((e, ctx) => {
    const need = (field: 'direction' | 'from' | 'to' | 'ended_at' | 'end_reason' | 'analysis') => {
      if (e[field] == null)
        ctx.addIssue({ code: 'custom', path: [field], message: `Required for ${e.event}` });
    };
    if (e.event === 'call.started') for (const f of ['direction', 'from', 'to'] as const) need(f);
    if (e.event === 'call.ended') for (const f of ['ended_at', 'end_reason'] as const) need(f);
    if (e.event === 'call.analyzed') need('analysis');
  })
  .meta({
    example: {
      event: 'call.analyzed',
      event_id: 'evt_01JD3K8Z6Q',
      call_id: 'call_7f3a9c',
      occurred_at: '2026-11-20T10:19:05Z',
      direction: 'inbound',
      from: '+919812345678',
      to: '+918045678900',
      agent: { id: 'agent_front_desk', name: 'Front desk' },
      analysis: {
        summary: 'Caller booked a cardiology consultation.',
        sentiment: 'positive',
        intent: 'book_appointment',
        outcome: 'appointment_booked',
        booking: {
          practitioner_id: '0193a0c4-5b6e-7c2d-9f10-2b3c4d5e6f70',
          department: 'Cardiology',
          start: '2026-11-22T09:30:00+05:30',
          duration_minutes: 15,
          reason: 'Chest pain follow-up',
        },
      },
      metadata: { campaign: 'winter-checkups' },
    },
  });

export type VoiceEvent = z.output<typeof voiceEvent>;
export type VoiceBooking = NonNullable<NonNullable<VoiceEvent['analysis']>['booking']>;
export type TranscriptSegment = z.output<typeof segment>;
