import { z } from 'zod';
import {
  BOOKING_STATUSES,
  CALL_END_REASONS,
  CALL_INTENTS,
  CALL_OUTCOMES,
  SENTIMENTS,
} from '../../platform/db/schema/enums.js';
import { pageQuery } from '../../platform/http/pagination.js';
import { instant } from '../../platform/http/schemas.js';
import { appointment } from '../appointments/appointments.schemas.js';

export const MAX_SECRETS = 5;

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'Must be a host name like media.example.com',
  );

export const channelUpdate = z
  .strictObject({
    accept_static_secret: z.boolean(),
    recording_hosts: z.array(hostname).max(20),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Nothing to update');

export const secretCreate = z.strictObject({
  secret: z
    .string()
    .min(32, 'Use at least 32 characters of random data')
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces'),
});

export const secretInfo = z.object({ id: z.uuid(), fingerprint: z.string(), created_at: z.date() });

export const channel = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  webhook_url: z.string(),
  accept_static_secret: z.boolean(),
  recording_hosts: z.array(z.string()),
  secrets: z.array(secretInfo),
  created_at: z.date(),
  updated_at: z.date(),
});

export const secretParams = z.strictObject({ id: z.uuid() });

export const webhookHeaders = z.object({
  'x-prm-signature': z
    .string()
    .optional()
    .describe('t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; several v1 during rotation'),
  'x-webhook-secret': z.string().optional().describe('Static secret, if the channel accepts it'),
  'x-tenant-id': z.uuid().optional().describe('The organisation; must be the one whose secret verifies'),
});

export const webhookAck = z.object({
  status: z.enum(['processed', 'duplicate']),
  call_id: z.uuid().nullable(),
});

export const callQuery = z
  .strictObject({
    ...pageQuery,
    from: instant.optional(),
    to: instant.optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    booking_status: z.enum(BOOKING_STATUSES).optional(),
    agent_id: z.string().trim().min(1).max(200).optional(),
    patient_id: z.uuid().optional(),
    appointment_id: z.uuid().optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const call = z.object({
  id: z.uuid(),
  external_call_id: z.string(),
  patient_id: z.uuid().nullable(),
  patient_name: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']).nullable(),
  from_number: z.string().nullable(),
  to_number: z.string().nullable(),
  agent_id: z.string().nullable(),
  agent_name: z.string().nullable(),
  started_at: z.date().nullable(),
  ended_at: z.date().nullable(),
  duration_seconds: z.number().nullable(),
  end_reason: z.enum(CALL_END_REASONS).nullable(),
  recording_url: z.string().nullable(),
  summary: z.string().nullable(),
  sentiment: z.enum(SENTIMENTS).nullable(),
  intent: z.enum(CALL_INTENTS).nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  booking_status: z.enum(BOOKING_STATUSES),
  booking_error: z.string().nullable(),
  appointment_id: z.uuid().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

export const callDetail = call.extend({
  booking: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  transcript: z.array(
    z.object({
      seq: z.number(),
      speaker: z.enum(['agent', 'caller']),
      text: z.string(),
      start_ms: z.number().nullable(),
      end_ms: z.number().nullable(),
    }),
  ),
  appointment: appointment.nullable(),
});

export type ChannelUpdate = z.output<typeof channelUpdate>;
export type CallQuery = z.output<typeof callQuery>;
