import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearer, type TestTenant } from './app.js';

export const CLINIC_NUMBER = '+918045678900';
export const newSecret = () => randomBytes(24).toString('hex');

/** Sign as the platform does — written out here, not via PRM's own signer, so the two can disagree. */
export function signatureHeader(secrets: string[], raw: string, t = Math.floor(Date.now() / 1000)) {
  const v1 = secrets.map((s) => `v1=${createHmac('sha256', s).update(`${t}.${raw}`).digest('hex')}`);
  return `t=${t},${v1.join(',')}`;
}

export async function configureVoice(
  app: FastifyInstance,
  tenant: TestTenant,
  opts: { secrets: string[]; acceptStatic?: boolean; recordingHosts?: string[] },
) {
  for (const secret of opts.secrets) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/voice/channel/secrets',
      headers: bearer(tenant.keys.admin),
      payload: { secret },
    });
    if (res.statusCode !== 201) throw new Error(`adding a secret answered ${res.statusCode}`);
  }
  const res = await app.inject({
    method: 'PATCH',
    url: '/api/v1/voice/channel',
    headers: bearer(tenant.keys.admin),
    payload: { accept_static_secret: opts.acceptStatic ?? false, recording_hosts: opts.recordingHosts ?? [] },
  });
  if (res.statusCode !== 200) throw new Error(`configuring the channel answered ${res.statusCode}`);
}

/** POST one event, signed with `secret` unless explicit headers are given. */
export function postEvent(
  app: FastifyInstance,
  event: unknown,
  auth: { secret: string; t?: number } | { headers: Record<string, string> },
) {
  const raw = typeof event === 'string' ? event : JSON.stringify(event);
  const headers =
    'headers' in auth ? auth.headers : { 'x-prm-signature': signatureHeader([auth.secret], raw, auth.t) };
  return app.inject({
    method: 'POST',
    url: '/api/v1/voice/webhook',
    headers: { 'content-type': 'application/json', ...headers },
    payload: raw,
  });
}

let n = 0;

/** The three events of one realistic inbound call. */
export function callEvents(opts: { caller: string; booking?: Record<string, unknown>; callId?: string }) {
  const call_id = opts.callId ?? `call_${Date.now().toString(36)}_${++n}`;
  const base = { call_id, direction: 'inbound', from: opts.caller, to: CLINIC_NUMBER };
  const started = '2026-11-20T10:15:00Z';
  const ended = '2026-11-20T10:18:04Z';
  const agent = { id: 'agent_front_desk', name: 'Front desk' };
  return {
    call_id,
    started: {
      ...base,
      event: 'call.started',
      event_id: `evt_${call_id}_s`,
      occurred_at: started,
      agent,
      started_at: started,
    },
    ended: {
      ...base,
      event: 'call.ended',
      event_id: `evt_${call_id}_e`,
      occurred_at: ended,
      // A non-owner's view of the agent: call.started's name must win.
      agent: { id: 'agent_front_desk', name: 'Front desk (ended)' },
      started_at: started,
      ended_at: ended,
      duration_seconds: 184,
      end_reason: 'completed',
      recording_url: 'https://media.voice.test/rec/1.mp3',
      transcript: [
        { speaker: 'agent', text: 'Namaste, Sunrise Health. How can I help?', start_ms: 0, end_ms: 2100 },
        { speaker: 'caller', text: 'I want to see the cardiologist.', start_ms: 2300, end_ms: 4200 },
        { speaker: 'caller', text: 'कल सुबह ठीक रहेगा 🙏', start_ms: 4400, end_ms: 6000 },
      ],
      metadata: { queue: 'front', ended_only: true },
    },
    analyzed: {
      event: 'call.analyzed',
      event_id: `evt_${call_id}_a`,
      call_id,
      occurred_at: '2026-11-20T10:18:30Z',
      // The analysis re-sends a cleaned transcript; call.ended owns the transcript and must win.
      transcript: [{ speaker: 'caller', text: 'cleaned transcript', start_ms: 0, end_ms: 1 }],
      end_reason: 'transferred',
      analysis: {
        summary: 'Caller asked for a cardiology appointment.',
        sentiment: 'positive',
        intent: 'book_appointment',
        outcome: opts.booking ? 'appointment_booked' : 'information_given',
        ...(opts.booking ? { booking: opts.booking } : {}),
      },
      metadata: { queue: 'analysis' },
    },
  };
}
